/** Every operation the fake implements, by operationId; any other valid request gets a 501 naming it. */
import type { Routes } from "./route.ts";
import { appRoutes } from "./routes/apps.ts";
import { checkRunRoutes } from "./routes/check-runs.ts";
import { collaboratorRoutes } from "./routes/collaborators.ts";
import { commitRoutes } from "./routes/commits.ts";
import { contentRoutes } from "./routes/contents.ts";
import { deploymentRoutes } from "./routes/deployments.ts";
import { gitTreeRoutes } from "./routes/git-trees.ts";
import { issueCommentRoutes } from "./routes/issue-comments.ts";
import { pullRoutes } from "./routes/pulls.ts";

export const routes: Routes = {
  ...appRoutes,
  ...checkRunRoutes,
  ...collaboratorRoutes,
  ...commitRoutes,
  ...contentRoutes,
  ...deploymentRoutes,
  ...gitTreeRoutes,
  ...issueCommentRoutes,
  ...pullRoutes,
};
