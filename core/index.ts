/**
 * Trellis's public API: these exports constitute the framework. `assets/`,
 * `test/` and `bench/` import it only through this file.
 *
 * @example
 * import { defineAsset, notNull } from '../core/index.ts';
 */
export { defineAsset, defineSource, NO_RETRY } from './definitions.ts';
export type {
  AssetContext, AssetDefinition, AssetKind, ColumnDoc, Declaration, Materialization, RetryPolicy,
  SourceEnv, SourceOptions, TsAssetOptions,
} from './definitions.ts';
export { parseKey, formatKey, quoteIdent, isValidKey, type AssetKey, type Relation } from './keys.ts';
export {
  acceptedValues, customCheck, expressionIsTrue, matchesPattern, notNull, relationships, rowCount, unique, valueRange,
} from './checks.ts';
export type { CheckDefinition, CheckOutcome, CheckScan, CustomCheck, CustomCheckContext, Severity, SqlCheck } from './checks.ts';
export { runChecks, type CheckResult } from './check-runner.ts';
export {
  defineConfig, resolveConfig, warehousePath, runStorePath,
  type TrellisConfig, type UserConfig, type WarehouseConfig, type DuckDbConfig, type BigQueryConfig, type DbtConfig,
} from './config.ts';
export { TrellisError, ProjectError, SelectionError, UsageError, LockError, AssetError, userCode, describeError, didYouMean, nearest,
  type Problem, type TrellisErrorOptions, type AssetErrorOptions, type UserCodePhase } from './errors.ts';
export { AssetGraph } from './graph.ts';
export { loadProject, type Project } from './project.ts';
export { loadSqlModels } from './sql-models.ts';
export { loadDbtProject, type DbtLoadOptions, type DbtLoadResult } from './dbt/load.ts';
export { Transpiler, type Translation } from './dbt/transpile.ts';
export { renderTemplate, bindLogicalDate } from './template.ts';
export { normalizeSql, normalizeScript, sqlCodeVersion } from './versions.ts';
export { computeStaleness, type StaleStatus, type StaleCause, type Status } from './staleness.ts';
export { StatusMap } from './status-map.ts';
export { observeSources, type SourceState } from './observe.ts';
export { makePlan, type Plan, type PlannedStep, type PlanMode } from './plan.ts';
export { materialize, stagedRelation, type RunResult, type RunEvent, type StepResult, type StepOutcome } from './execution/index.ts';
export { openWorkspace, type Workspace } from './workspace.ts';
export { defineSampleData, type SampleData, type SampleDataRequest, type SampleDataWritten } from './sample-data.ts';
export { selectInGraph, selectionGraph } from './select-assets.ts';
export { parseSelection, printSelection, evaluateSelection, selectAssets, type SelectionGraph, type SelectionNode } from './selection/index.ts';
export { RunStore, AssetStates, isProcessAlive } from './runstore/index.ts';
export type { RunRecord, RunStatus, StepRecord, MaterializationRecord, CheckResultRecord, EventRecord } from './runstore/index.ts';
export { openDuckDb, openWarehouse } from './warehouse/open.ts';
export { fingerprintOf } from './warehouse/fingerprint.ts';
export { WarehouseError } from './warehouse/bigquery/errors.ts';
export type {
  Warehouse, WarehouseSession, ColumnSpec, ColumnType, ColumnInfo, Row, Fingerprint, RelationKind, RelationInfo,
  StatementStats, StatementOptions, FileFormat, LoadOptions, Loaded, DryRun, RowsPreview, Usage,
} from './warehouse/warehouse.ts';
export { dialects, dialectFor, type Dialect, type DialectName } from './warehouse/dialects.ts';
export { runInWorker } from './compute.ts';
export { openXlsx, isDateFormat, XlsxError, type XlsxWorkbook, type XlsxRow, type XlsxValue } from './sources/xlsx.ts';
export { main } from './cli/main.ts';
export { startServer, type ServerOptions, type TrellisServer } from './server/start.ts';
export type { Logger } from './log.ts';
export { Daemon, DaemonLeaseError, type DaemonOptions } from './ops/daemon.ts';
export { trellisClock, parseInstant, type Clock } from './ops/clock.ts';
export { ticksBetween, nextTicks, previousTick, cronProblem, type CronSpec } from './ops/cron.ts';
export { evaluateFreshness, freshnessOf, describeFreshness, type FreshnessState } from './ops/freshness.ts';
export { evaluateAutomation, type AutomationVerdict } from './ops/automation.ts';
export { retryDelayMs, isDeferred, DEFAULT_DEFER_ABOVE_MS } from './ops/retry.ts';
export type { ScheduleConfig, AutomationCondition, FreshnessPolicy } from './ops/policies.ts';
export type { TickReport, TickEntry } from './ops/tick.ts';
export { processIdentity } from './runstore/process.ts';
export type { TickOutcome, TickRecord, LeaseHolder, AutomationDecision, DeferredRetry } from './runstore/ops.ts';
export { deliverOutbox, enqueueMessage, enqueueRunNotifications, enqueueOverdueNotifications, overdueMessage, notifySettings, runMessage, webhookBody, emailContent,
  type DeliverOptions, type DeliveryReport, type NotifyMessage, type NotifySettings, type NotifyOn, type RunOutcome, type FailedAsset } from './notify/index.ts';
export type { NotificationRecord, NotificationChannel, NotificationStatus, NewNotification } from './runstore/index.ts';
export { defineDashboard, CHART_TYPES, type DashboardSpec, type DashboardDefinition, type ChartSpec, type ChartQuery, type ChartType,
  type FilterSpec, type Measure, type Dimension } from './dashboards/spec.ts';
export { chartSql, readFilters, FilterError, type FilterValue, type FilterValues } from './dashboards/query.ts';
export { dashboardKey, dashboardStatus, lineageWithDashboards, selectInProject, selectWithDashboards, type ProjectSelection } from './dashboards/lineage.ts';
export { validateBigQuerySql, type ValidationReport, type ModelValidation, type ValidateOptions } from './warehouse/bigquery/analyzer/validate.ts';
export { startZetaSql, type ZetaSql } from './warehouse/bigquery/analyzer/server.ts';
