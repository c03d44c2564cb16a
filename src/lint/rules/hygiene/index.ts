import type { Rule } from '../../rule.js';
import { rule as apkNoCache } from './apk-no-cache.js';
import { rule as apkPinVersions } from './apk-pin-versions.js';
import { rule as aptGetYes } from './apt-get-yes.js';
import { rule as aptListsNotCleaned } from './apt-lists-not-cleaned.js';
import { rule as aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { rule as aptNotAptGet } from './apt-not-apt-get.js';
import { rule as aptPinVersions } from './apt-pin-versions.js';
import { rule as cdUseWorkdir } from './cd-use-workdir.js';
import { rule as consecutiveRun } from './consecutive-run.js';
import { rule as consistentInstructionCasing } from './consistent-instruction-casing.js';
import { rule as copyArchiveThenExtract } from './copy-archive-then-extract.js';
import { rule as copyFromOwnStage } from './copy-from-own-stage.js';
import { rule as copyFromRoot } from './copy-from-root.js';
import { rule as copyFromUnknownStage } from './copy-from-unknown-stage.js';
import { rule as copyIgnoredFile } from './copy-ignored-file.js';
import { rule as copyMultipleSourcesDir } from './copy-multiple-sources-dir.js';
import { rule as copyNotAdd } from './copy-not-add.js';
import { rule as copyRelativeNoWorkdir } from './copy-relative-no-workdir.js';
import { rule as definitionDescription } from './definition-description.js';
import { rule as dnfClean } from './dnf-clean.js';
import { rule as dnfPinVersions } from './dnf-pin-versions.js';
import { rule as dnfYes } from './dnf-yes.js';
import { rule as duplicateStageName } from './duplicate-stage-name.js';
import { rule as emptyContinuation } from './empty-continuation.js';
import { rule as envSelfReference } from './env-self-reference.js';
import { rule as exposeInvalidFormat } from './expose-invalid-format.js';
import { rule as exposeProtoCasing } from './expose-proto-casing.js';
import { rule as exposeValidPort } from './expose-valid-port.js';
import { rule as finalUserRoot } from './final-user-root.js';
import { rule as fromAsCasing } from './from-as-casing.js';
import { rule as fromLatest } from './from-latest.js';
import { rule as fromPlatformConstant } from './from-platform-constant.js';
import { rule as fromUntagged } from './from-untagged.js';
import { rule as gemPinVersions } from './gem-pin-versions.js';
import { rule as goPinVersions } from './go-pin-versions.js';
import { rule as healthcheckMissing } from './healthcheck-missing.js';
import { rule as inlineIgnorePragma } from './inline-ignore-pragma.js';
import { rule as instructionBeforeFrom } from './instruction-before-from.js';
import { rule as invalidDefaultArgInFrom } from './invalid-default-arg-in-from.js';
import { rule as jsonCmdEntrypoint } from './json-cmd-entrypoint.js';
import { rule as labelEmail } from './label-email.js';
import { rule as labelEmpty } from './label-empty.js';
import { rule as labelGitHash } from './label-git-hash.js';
import { rule as labelKeyInvalid } from './label-key-invalid.js';
import { rule as labelNotInSchema } from './label-not-in-schema.js';
import { rule as labelRequired } from './label-required.js';
import { rule as labelSemver } from './label-semver.js';
import { rule as labelSpdx } from './label-spdx.js';
import { rule as labelTime } from './label-time.js';
import { rule as labelUrl } from './label-url.js';
import { rule as legacyKeyValue } from './legacy-key-value.js';
import { rule as maintainerDeprecated } from './maintainer-deprecated.js';
import { rule as multipleCmd } from './multiple-cmd.js';
import { rule as multipleEntrypoint } from './multiple-entrypoint.js';
import { rule as multipleHealthcheck } from './multiple-healthcheck.js';
import { rule as npmPinVersions } from './npm-pin-versions.js';
import { rule as onbuildForbidden } from './onbuild-forbidden.js';
import { rule as pipNoCacheDir } from './pip-no-cache-dir.js';
import { rule as pipPinVersions } from './pip-pin-versions.js';
import { rule as pipefail } from './pipefail.js';
import { rule as pointlessCommand } from './pointless-command.js';
import { rule as redundantTargetPlatform } from './redundant-target-platform.js';
import { rule as reservedStageName } from './reserved-stage-name.js';
import { rule as shellSymlink } from './shell-symlink.js';
import { rule as shellcheck } from './shellcheck.js';
import { rule as stageNameCasing } from './stage-name-casing.js';
import { rule as undefinedArgInFrom } from './undefined-arg-in-from.js';
import { rule as undefinedVar } from './undefined-var.js';
import { rule as userNumeric } from './user-numeric.js';
import { rule as useraddLargeUid } from './useradd-large-uid.js';
import { rule as wgetAndCurl } from './wget-and-curl.js';
import { rule as wgetProgress } from './wget-progress.js';
import { rule as workdirAbsolute } from './workdir-absolute.js';
import { rule as workdirRelativePath } from './workdir-relative-path.js';
import { rule as yarnCacheClean } from './yarn-cache-clean.js';
import { rule as yumClean } from './yum-clean.js';
import { rule as yumPinVersions } from './yum-pin-versions.js';
import { rule as yumYes } from './yum-yes.js';
import { rule as zypperClean } from './zypper-clean.js';
import { rule as zypperDistUpgrade } from './zypper-dist-upgrade.js';
import { rule as zypperPinVersions } from './zypper-pin-versions.js';
import { rule as zypperYes } from './zypper-yes.js';

export const rules: Rule[] = [
  apkNoCache,
  apkPinVersions,
  aptGetYes,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptNotAptGet,
  aptPinVersions,
  cdUseWorkdir,
  consecutiveRun,
  consistentInstructionCasing,
  copyArchiveThenExtract,
  copyFromOwnStage,
  copyFromRoot,
  copyFromUnknownStage,
  copyIgnoredFile,
  copyMultipleSourcesDir,
  copyNotAdd,
  copyRelativeNoWorkdir,
  definitionDescription,
  dnfClean,
  dnfPinVersions,
  dnfYes,
  duplicateStageName,
  emptyContinuation,
  envSelfReference,
  exposeInvalidFormat,
  exposeProtoCasing,
  exposeValidPort,
  finalUserRoot,
  fromAsCasing,
  fromLatest,
  fromPlatformConstant,
  fromUntagged,
  gemPinVersions,
  goPinVersions,
  healthcheckMissing,
  inlineIgnorePragma,
  instructionBeforeFrom,
  invalidDefaultArgInFrom,
  jsonCmdEntrypoint,
  labelEmail,
  labelEmpty,
  labelGitHash,
  labelKeyInvalid,
  labelNotInSchema,
  labelRequired,
  labelSemver,
  labelSpdx,
  labelTime,
  labelUrl,
  legacyKeyValue,
  maintainerDeprecated,
  multipleCmd,
  multipleEntrypoint,
  multipleHealthcheck,
  npmPinVersions,
  onbuildForbidden,
  pipNoCacheDir,
  pipPinVersions,
  pipefail,
  pointlessCommand,
  redundantTargetPlatform,
  reservedStageName,
  shellSymlink,
  shellcheck,
  stageNameCasing,
  undefinedArgInFrom,
  undefinedVar,
  userNumeric,
  useraddLargeUid,
  wgetAndCurl,
  wgetProgress,
  workdirAbsolute,
  workdirRelativePath,
  yarnCacheClean,
  yumClean,
  yumPinVersions,
  yumYes,
  zypperClean,
  zypperDistUpgrade,
  zypperPinVersions,
  zypperYes,
];
