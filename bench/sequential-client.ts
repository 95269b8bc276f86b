/**
 * The baseline the apply fan-out is compared with: what a workflow of `curl` steps does, one
 * request at a time. It makes the same requests as a correct apply from empty (a GET by name
 * that finds nothing, the POST that creates, and for each service GETs until it is running with
 * its replicas ready), over one keep-alive connection, with no planning, records or validation:
 * nothing but the requests themselves.
 */
import type { Fleet } from "./fleet.ts";

export interface SequentialSettings {
  readonly baseUrl: string;
  readonly token: string;
  readonly fleet: Fleet;
  /** Run names of the fleet's jobs, in the fleet's order. */
  readonly runNames: readonly string[];
}

interface ServiceState {
  readonly status: string;
  readonly ready_replicas: number;
  readonly min_replicas: number;
}

export async function applySequentially(settings: SequentialSettings): Promise<number> {
  const { baseUrl, token, fleet } = settings;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  let requests = 0;
  const send = async (method: string, path: string, body?: unknown) => {
    requests++;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
    };
  };
  const expect = (status: number, wanted: number, what: string) => {
    if (status !== wanted) throw new Error(`${what}: expected ${wanted}, got ${status}`);
  };
  const ns = fleet.namespace;
  for (const [name, fields] of Object.entries(fleet.services)) {
    expect((await send("GET", `/${ns}/service/${name}`)).status, 404, `GET service ${name}`);
    const body = { name, ...fleet.defaults, ...fields };
    expect((await send("POST", `/auth/v1/seed/${ns}/services`, body)).status, 201, name);
  }
  const jobs = Object.values(fleet.jobs);
  for (const [index, fields] of jobs.entries()) {
    const name = settings.runNames[index] ?? "";
    expect((await send("GET", `/${ns}/job/${name}`)).status, 404, `GET job ${name}`);
    const body = { name, ...fleet.defaults, ...fields };
    expect((await send("POST", `/auth/v1/seed/${ns}/jobs`, body)).status, 201, name);
  }
  for (const name of Object.keys(fleet.services)) {
    for (;;) {
      const { status, body } = await send("GET", `/${ns}/service/${name}`);
      expect(status, 200, `GET service ${name}`);
      const service = body as ServiceState;
      if (service.status === "running" && service.ready_replicas >= service.min_replicas) break;
    }
  }
  return requests;
}
