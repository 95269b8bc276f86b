/** A repository the bot works on, and the links it puts in comments. */
export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

export function fullName(repository: RepositoryRef): string {
  return `${repository.owner}/${repository.repo}`;
}

/** The page of a check run, `https://github.com/acme/models/runs/42`. */
export function checkRunUrl(webUrl: string, repository: RepositoryRef, checkRunId: number): string {
  return `${webUrl}/${fullName(repository)}/runs/${checkRunId}`;
}
