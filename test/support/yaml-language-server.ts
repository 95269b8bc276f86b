/**
 * yaml-language-server — what VS Code's YAML extension, JetBrains' LSP clients and Neovim run —
 * started as a child process and spoken to over stdio with the Language Server Protocol, as an
 * editor does. Schemas are given by path, and SchemaStore is off: nothing leaves the machine.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  CompletionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";

export interface YamlEditor {
  /** Opens a document and waits for its diagnostics. */
  open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }>;
  hover(uri: string, line: number, character: number): Promise<string>;
  completion(uri: string, line: number, character: number): Promise<CompletionItem[]>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Starts the server with `schemaPath` applying to every `*.yaml` document. */
export async function startYamlEditor(schemaPath: string): Promise<YamlEditor> {
  const server = require.resolve("yaml-language-server/bin/yaml-language-server");
  const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const connection: ProtocolConnection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const settings = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
      schemas: { [pathToFileURL(schemaPath).href]: "*.yaml" },
    },
  };
  const diagnostics = new Map<string, (found: Diagnostic[]) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    diagnostics.get(params.uri)?.(params.diagnostics);
  });
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => (item.section === "yaml" ? settings.yaml : null)),
  );
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        hover: { contentFormat: ["markdown", "plaintext"] },
        completion: { completionItem: { documentationFormat: ["markdown", "plaintext"] } },
      },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidChangeConfigurationNotification.type, { settings });

  let version = 0;
  return {
    async open(name, text) {
      const uri = `file:///workspace/${name}`;
      const published = new Promise<Diagnostic[]>((resolve) => diagnostics.set(uri, resolve));
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "yaml", version: ++version, text },
      });
      return { uri, diagnostics: await published };
    },
    async hover(uri, line, character) {
      const hover: Hover | null = await connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line, character },
      });
      const contents = hover?.contents;
      if (contents === undefined) return "";
      if (typeof contents === "string") return contents;
      if (Array.isArray(contents)) {
        return contents.map((c) => (typeof c === "string" ? c : c.value)).join("\n");
      }
      return contents.value;
    },
    async completion(uri, line, character) {
      const result: CompletionList | CompletionItem[] | null = await connection.sendRequest(
        CompletionRequest.type,
        { textDocument: { uri }, position: { line, character } },
      );
      if (result === null) return [];
      return Array.isArray(result) ? result : result.items;
    },
    async close() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } finally {
        connection.dispose();
        if (child.exitCode === null) child.kill();
        if (stderr.includes("Error")) process.stderr.write(stderr);
      }
    },
  };
}
