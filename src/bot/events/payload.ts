/** The parts of webhook payloads every handler reads. */
import type { RepositoryRef } from "../repository.ts";

export interface RepositoryPayload {
  readonly name: string;
  readonly owner: { readonly login: string };
}

export interface InstallationPayload {
  readonly id: number;
}

export function repositoryOf(repository: RepositoryPayload): RepositoryRef {
  return { owner: repository.owner.login, repo: repository.name };
}
