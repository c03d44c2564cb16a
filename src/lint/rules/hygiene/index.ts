import type { Rule } from '../../rule.js';
import { rule as aptGetYes } from './apt-get-yes.js';
import { rule as aptListsNotCleaned } from './apt-lists-not-cleaned.js';
import { rule as aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { rule as aptNotAptGet } from './apt-not-apt-get.js';
import { rule as aptPinVersions } from './apt-pin-versions.js';
import { rule as cdUseWorkdir } from './cd-use-workdir.js';
import { rule as consecutiveRun } from './consecutive-run.js';
import { rule as copyFromOwnStage } from './copy-from-own-stage.js';
import { rule as copyFromUnknownStage } from './copy-from-unknown-stage.js';
import { rule as copyNotAdd } from './copy-not-add.js';
import { rule as duplicateStageName } from './duplicate-stage-name.js';
import { rule as finalUserRoot } from './final-user-root.js';
import { rule as fromLatest } from './from-latest.js';
import { rule as fromUntagged } from './from-untagged.js';
import { rule as healthcheckMissing } from './healthcheck-missing.js';
import { rule as jsonCmdEntrypoint } from './json-cmd-entrypoint.js';
import { rule as maintainerDeprecated } from './maintainer-deprecated.js';
import { rule as pipNoCacheDir } from './pip-no-cache-dir.js';
import { rule as pipefail } from './pipefail.js';
import { rule as wgetProgress } from './wget-progress.js';
import { rule as workdirAbsolute } from './workdir-absolute.js';

export const rules: Rule[] = [
  aptGetYes,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptNotAptGet,
  aptPinVersions,
  cdUseWorkdir,
  consecutiveRun,
  copyFromOwnStage,
  copyFromUnknownStage,
  copyNotAdd,
  duplicateStageName,
  finalUserRoot,
  fromLatest,
  fromUntagged,
  healthcheckMissing,
  jsonCmdEntrypoint,
  maintainerDeprecated,
  pipNoCacheDir,
  pipefail,
  wgetProgress,
  workdirAbsolute,
];
