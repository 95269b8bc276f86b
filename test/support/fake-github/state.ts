/**
 * What the fake GitHub knows: users, the app and its installations, tokens, and per repository
 * its branches, files, collaborators, issues and pull requests, deployments, check runs and
 * comments. Tests seed it through the methods here and read it back to assert; the route
 * handlers change it. Everything is in memory and ids are sequential, so runs are repeatable.
 */
import { createHash, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";

export type PermissionLevel = "read" | "write";
/** GitHub App permissions by name (`deployments`, `checks`, `issues`, `contents`, ...). */
export type Permissions = Readonly<Partial<Record<string, PermissionLevel>>>;
export type CollaboratorRole = "admin" | "maintain" | "write" | "triage" | "read";

export interface User {
  readonly login: string;
  readonly id: number;
  readonly type: "User" | "Bot" | "Organization";
}

export interface AppState {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly owner: User;
  /** The key that checks the app's JWTs: a wrong private key in the app is caught here. */
  readonly publicKey: KeyObject | string;
  readonly permissions: Permissions;
  readonly events: readonly string[];
  readonly bot: User;
  readonly createdAt: string;
}

export interface InstallationState {
  readonly id: number;
  readonly account: User;
  /** `all`, or the full names (`owner/name`) of the selected repositories. */
  readonly repositories: "all" | readonly string[];
  readonly permissions: Permissions;
  readonly events: readonly string[];
  readonly createdAt: string;
}

export type TokenState =
  | {
      readonly kind: "installation";
      readonly token: string;
      readonly installationId: number;
      readonly permissions: Permissions;
      /** Narrowed at creation to these full names; undefined for all of the installation's. */
      readonly repositories?: readonly string[];
      readonly expiresAt: number;
    }
  | {
      /** Like the GITHUB_TOKEN of a workflow run: one repository, the Actions app's identity. */
      readonly kind: "actions";
      readonly token: string;
      readonly repository: string;
      readonly permissions: Permissions;
    }
  | {
      /** A person's token: access follows their collaborator role. */
      readonly kind: "user";
      readonly token: string;
      readonly login: string;
    };

export interface DeploymentStatusState {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environment: string;
  readonly environmentUrl: string;
  readonly logUrl: string;
  readonly creator: User;
  readonly appId: number | undefined;
  readonly createdAt: string;
}

export interface DeploymentState {
  readonly id: number;
  readonly sha: string;
  readonly ref: string;
  readonly task: string;
  readonly payload: unknown;
  readonly originalEnvironment: string;
  environment: string;
  readonly description: string | null;
  readonly transientEnvironment: boolean;
  readonly productionEnvironment: boolean;
  readonly autoMerge: boolean;
  readonly requiredContexts: readonly string[] | undefined;
  readonly creator: User;
  readonly appId: number | undefined;
  readonly createdAt: string;
  updatedAt: string;
  /** Oldest first. */
  readonly statuses: DeploymentStatusState[];
}

export interface AnnotationState {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: string;
  readonly message: string;
  readonly title?: string;
  readonly raw_details?: string;
}

export interface CheckRunAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

export interface CheckRunState {
  readonly id: number;
  name: string;
  readonly headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  readonly annotations: AnnotationState[];
  actions: readonly CheckRunAction[];
  readonly appId: number;
  readonly checkSuiteId: number;
}

export interface CommentState {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly user: User;
  readonly appId: number | undefined;
  readonly createdAt: string;
  updatedAt: string;
  readonly reactions: {
    readonly id: number;
    readonly content: string;
    readonly user: User;
    readonly createdAt: string;
  }[];
}

export interface PullFileSeed {
  readonly filename: string;
  readonly status?:
    "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  readonly additions?: number;
  readonly deletions?: number;
  readonly patch?: string;
  readonly previousFilename?: string;
}

export interface PullState {
  readonly headRef: string;
  /** Moves with `movePullHead` (a push to the head branch). */
  headSha: string;
  /** The head repository's full name: another owner's for a pull request from a fork. */
  readonly headRepository: string;
  readonly baseRef: string;
  readonly baseSha: string;
  readonly files: readonly PullFileSeed[];
  readonly draft: boolean;
}

export interface IssueState {
  readonly id: number;
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly user: User;
  state: "open" | "closed";
  readonly createdAt: string;
  updatedAt: string;
  readonly pull: PullState | undefined;
}

export interface RepositoryState {
  readonly id: number;
  readonly owner: User;
  readonly name: string;
  readonly fullName: string;
  readonly private: boolean;
  readonly fork: boolean;
  readonly defaultBranch: string;
  readonly createdAt: string;
  /** Branch name → head commit sha. */
  readonly branches: Map<string, string>;
  /** Commit sha → path → file. */
  readonly files: Map<string, Map<string, StoredFile>>;
  readonly collaborators: Map<string, CollaboratorRole>;
  readonly issues: Map<number, IssueState>;
  /** Oldest first. */
  readonly deployments: DeploymentState[];
  readonly checkRuns: CheckRunState[];
  readonly comments: CommentState[];
}

/** A file seeded at a commit: its text, its bytes, or a symbolic link to `symlink`. */
export type FileSeed = string | Uint8Array | { readonly symlink: string };

/** A file of a commit as Git stores it: a link's content is its target path. */
export interface StoredFile {
  readonly kind: "file" | "symlink";
  readonly bytes: Buffer;
}

function storedFile(seed: FileSeed): StoredFile {
  if (typeof seed === "string") return { kind: "file", bytes: Buffer.from(seed) };
  if (seed instanceof Uint8Array) return { kind: "file", bytes: Buffer.from(seed) };
  return { kind: "symlink", bytes: Buffer.from(seed.symlink) };
}

export interface RepositorySeed {
  /** `owner/name`. */
  readonly fullName: string;
  readonly private?: boolean;
  readonly fork?: boolean;
  readonly defaultBranch?: string;
  /** Branch name → sha; the default branch gets a made-up sha when not given. */
  readonly branches?: Readonly<Record<string, string>>;
  /** Branch name or commit sha → path → file. */
  readonly files?: Readonly<Record<string, Readonly<Record<string, FileSeed>>>>;
  readonly collaborators?: Readonly<Record<string, CollaboratorRole>>;
  readonly ownerType?: "User" | "Organization";
}

export interface PullRequestSeed {
  readonly number?: number;
  readonly title?: string;
  readonly body?: string;
  readonly user?: string;
  readonly headRef?: string;
  readonly headSha?: string;
  /** A fork's full name when the pull request comes from one. */
  readonly headRepository?: string;
  readonly baseRef?: string;
  readonly files?: readonly PullFileSeed[];
  readonly draft?: boolean;
}

export interface AppSeed {
  readonly id: number;
  readonly slug?: string;
  readonly name?: string;
  readonly owner?: string;
  readonly publicKey: KeyObject | string;
  readonly permissions?: Permissions;
  readonly events?: readonly string[];
}

export interface InstallationSeed {
  readonly id: number;
  readonly account: string;
  readonly repositories?: "all" | readonly string[];
  /** Defaults to the app's permissions. */
  readonly permissions?: Permissions;
}

/** The GitHub Actions app, whose identity a GITHUB_TOKEN carries. */
export const actionsAppId = 15368;

/** What a workflow's GITHUB_TOKEN gets with the repository's permissive default. */
export const defaultActionsPermissions: Permissions = {
  actions: "write",
  checks: "write",
  contents: "write",
  deployments: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
  statuses: "write",
};

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A made-up but stable commit sha. */
function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export class GitHubState {
  readonly now: () => number;
  readonly users = new Map<string, User>();
  readonly repositories = new Map<string, RepositoryState>();
  readonly installations = new Map<number, InstallationState>();
  readonly tokens = new Map<string, TokenState>();
  app: AppState | undefined;
  readonly actionsApp: AppState;
  private nextId = 1;

  constructor(now: () => number) {
    this.now = now;
    this.actionsApp = {
      id: actionsAppId,
      slug: "github-actions",
      name: "GitHub Actions",
      owner: this.user("github", "Organization"),
      publicKey: "",
      permissions: defaultActionsPermissions,
      events: [],
      bot: this.user("github-actions[bot]", "Bot"),
      createdAt: timestamp(0),
    };
  }

  /** A new id, unique across every kind of object of this fake. */
  id(): number {
    return this.nextId++;
  }

  time(): string {
    return timestamp(this.now());
  }

  /** The app (this test's app, or GitHub Actions) that did something, by id. */
  appById(id: number | undefined): AppState | undefined {
    if (id === undefined) return undefined;
    if (id === this.actionsApp.id) return this.actionsApp;
    return this.app?.id === id ? this.app : undefined;
  }

  /** The user with this login, created on first mention. */
  user(login: string, type: User["type"] = login.endsWith("[bot]") ? "Bot" : "User"): User {
    let user = this.users.get(login.toLowerCase());
    if (!user) {
      user = { login, id: 1000 + this.users.size, type };
      this.users.set(login.toLowerCase(), user);
    }
    return user;
  }

  setApp(seed: AppSeed): AppState {
    const slug = seed.slug ?? "outpost-test";
    this.app = {
      id: seed.id,
      slug,
      name: seed.name ?? slug,
      owner: this.user(seed.owner ?? "outpost-dev", "Organization"),
      publicKey: seed.publicKey,
      permissions: seed.permissions ?? {
        checks: "write",
        contents: "read",
        deployments: "write",
        issues: "write",
        metadata: "read",
        pull_requests: "write",
      },
      events: seed.events ?? ["check_run", "deployment", "issue_comment", "pull_request", "push"],
      bot: this.user(`${slug}[bot]`, "Bot"),
      createdAt: this.time(),
    };
    return this.app;
  }

  addRepository(seed: RepositorySeed): RepositoryState {
    const [owner, name] = seed.fullName.split("/");
    if (!owner || !name) throw new Error(`Repository names are owner/name, not ${seed.fullName}`);
    const defaultBranch = seed.defaultBranch ?? "main";
    const branches = new Map(Object.entries(seed.branches ?? {}));
    if (!branches.has(defaultBranch)) branches.set(defaultBranch, fakeSha(seed.fullName));
    const repository: RepositoryState = {
      id: this.id(),
      owner: this.user(owner, seed.ownerType ?? "User"),
      name,
      fullName: `${owner}/${name}`,
      private: seed.private ?? false,
      fork: seed.fork ?? false,
      defaultBranch,
      createdAt: this.time(),
      branches,
      files: new Map(),
      collaborators: new Map(Object.entries(seed.collaborators ?? {})),
      issues: new Map(),
      deployments: [],
      checkRuns: [],
      comments: [],
    };
    this.repositories.set(repository.fullName.toLowerCase(), repository);
    for (const [ref, files] of Object.entries(seed.files ?? {}))
      this.addFiles(repository.fullName, ref, files);
    return repository;
  }

  repository(fullName: string): RepositoryState | undefined {
    return this.repositories.get(fullName.toLowerCase());
  }

  private mustRepository(fullName: string): RepositoryState {
    const repository = this.repository(fullName);
    if (!repository) throw new Error(`The fake has no repository ${fullName}; add it first`);
    return repository;
  }

  /** The commit sha a branch name or sha stands for, if the repository knows it. */
  resolveRef(repository: RepositoryState, ref: string): string | undefined {
    const name = ref.replace(/^refs\/heads\//, "");
    const branch = repository.branches.get(name);
    if (branch) return branch;
    return /^[0-9a-f]{7,40}$/i.test(ref) ? ref : undefined;
  }

  /** Puts files at a branch (its head commit) or at a commit sha. */
  addFiles(fullName: string, ref: string, files: Readonly<Record<string, FileSeed>>): void {
    const repository = this.mustRepository(fullName);
    const sha = this.resolveRef(repository, ref);
    if (!sha) throw new Error(`${fullName} has no branch ${ref}; give a sha or add the branch`);
    let tree = repository.files.get(sha);
    if (!tree) repository.files.set(sha, (tree = new Map<string, StoredFile>()));
    for (const [path, seed] of Object.entries(files)) {
      tree.set(path.replace(/^\/+/, ""), storedFile(seed));
    }
  }

  setCollaborator(fullName: string, login: string, role: CollaboratorRole): void {
    this.user(login);
    this.mustRepository(fullName).collaborators.set(login.toLowerCase(), role);
  }

  addPullRequest(fullName: string, seed: PullRequestSeed = {}): IssueState {
    const repository = this.mustRepository(fullName);
    const number = seed.number ?? repository.issues.size + 1;
    const baseRef = seed.baseRef ?? repository.defaultBranch;
    const headRef = seed.headRef ?? `topic-${number}`;
    const headSha = seed.headSha ?? fakeSha(`${fullName}#${number}`);
    const head =
      seed.headRepository === undefined
        ? repository
        : (this.repository(seed.headRepository) ??
          this.addRepository({ fullName: seed.headRepository, fork: true }));
    head.branches.set(headRef, headSha);
    const issue: IssueState = {
      id: this.id(),
      number,
      title: seed.title ?? `Pull request ${number}`,
      body: seed.body ?? null,
      user: this.user(seed.user ?? repository.owner.login),
      state: "open",
      createdAt: this.time(),
      updatedAt: this.time(),
      pull: {
        headRef,
        headSha,
        headRepository: head.fullName,
        baseRef,
        baseSha: repository.branches.get(baseRef) ?? fakeSha(baseRef),
        files: seed.files ?? [],
        draft: seed.draft ?? false,
      },
    };
    repository.issues.set(number, issue);
    return issue;
  }

  /** A push to a pull request's head branch: its head is now `sha`, and the pull request updated. */
  movePullHead(fullName: string, number: number, sha: string): IssueState {
    const repository = this.mustRepository(fullName);
    const issue = repository.issues.get(number);
    if (!issue?.pull) throw new Error(`${fullName} has no pull request #${number}`);
    issue.pull.headSha = sha;
    issue.updatedAt = this.time();
    (this.repository(issue.pull.headRepository) ?? repository).branches.set(
      issue.pull.headRef,
      sha,
    );
    return issue;
  }

  addIssue(
    fullName: string,
    seed: { number?: number; title?: string; user?: string } = {},
  ): IssueState {
    const repository = this.mustRepository(fullName);
    const number = seed.number ?? repository.issues.size + 1;
    const issue: IssueState = {
      id: this.id(),
      number,
      title: seed.title ?? `Issue ${number}`,
      body: null,
      user: this.user(seed.user ?? repository.owner.login),
      state: "open",
      createdAt: this.time(),
      updatedAt: this.time(),
      pull: undefined,
    };
    repository.issues.set(number, issue);
    return issue;
  }

  /** A comment written by someone other than the caller under test (a person, another bot). */
  addComment(fullName: string, issueNumber: number, user: string, body: string): CommentState {
    const repository = this.mustRepository(fullName);
    const comment: CommentState = {
      id: this.id(),
      issueNumber,
      body,
      user: this.user(user),
      appId: undefined,
      createdAt: this.time(),
      updatedAt: this.time(),
      reactions: [],
    };
    repository.comments.push(comment);
    return comment;
  }

  addInstallation(seed: InstallationSeed): InstallationState {
    if (!this.app) throw new Error("Set the app (options.app) before adding installations");
    const installation: InstallationState = {
      id: seed.id,
      account: this.user(seed.account),
      repositories: seed.repositories ?? "all",
      permissions: seed.permissions ?? this.app.permissions,
      events: this.app.events,
      createdAt: this.time(),
    };
    this.installations.set(installation.id, installation);
    return installation;
  }

  installationFor(repository: RepositoryState): InstallationState | undefined {
    for (const installation of this.installations.values()) {
      if (installation.repositories === "all") {
        if (installation.account.login.toLowerCase() === repository.owner.login.toLowerCase())
          return installation;
      } else if (
        installation.repositories.some((r) => r.toLowerCase() === repository.fullName.toLowerCase())
      ) {
        return installation;
      }
    }
    return undefined;
  }

  /** Issues a token for an installation, as `POST /app/installations/{id}/access_tokens` does. */
  issueInstallationToken(
    installationId: number,
    permissions: Permissions,
    repositories?: readonly string[],
  ): TokenState & { kind: "installation" } {
    const token = {
      kind: "installation" as const,
      token: `ghs_${randomBytes(18).toString("base64url")}`,
      installationId,
      permissions,
      ...(repositories === undefined ? {} : { repositories }),
      expiresAt: this.now() + 3_600_000,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** A GITHUB_TOKEN-like token for one repository; `permissions` as a workflow's `permissions:` sets them. */
  issueActionsToken(
    fullName: string,
    permissions: Permissions = defaultActionsPermissions,
  ): string {
    const token = `ghs_actions_${randomBytes(12).toString("base64url")}`;
    this.tokens.set(token, { kind: "actions", token, repository: fullName, permissions });
    return token;
  }

  /** A person's token (a PAT). */
  issueUserToken(login: string): string {
    this.user(login);
    const token = `ghp_${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, { kind: "user", token, login });
    return token;
  }
}
