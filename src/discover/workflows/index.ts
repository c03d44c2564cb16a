export { type Contexts, evaluate, interpolateExpressions, Unknown, type Value } from './expression.js';
export { matrixRows, readGithubWorkflows, type WorkflowOptions, type WorkflowResult } from './github.js';
export { readGitlabCi } from './gitlab.js';

/** `.github/workflows/*.yml|yaml` and `.gitlab-ci.yml` (any folder), from a root-relative path. */
export function isWorkflowPath(rel: string): 'github' | 'gitlab' | undefined {
  if (/^(?:.*\/)?\.github\/workflows\/[^/]+\.ya?ml$/.test(rel)) return 'github';
  if (/(?:^|\/)\.gitlab-ci\.ya?ml$/.test(rel)) return 'gitlab';
  return undefined;
}
