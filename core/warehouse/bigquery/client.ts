/**
 * Builds the BigQuery client. Credentials come from the environment only:
 * Application Default Credentials (`gcloud auth application-default login`)
 * or GOOGLE_APPLICATION_CREDENTIALS naming a key file; never from the config.
 *
 * @example
 * const bq = bigQueryClient({ type: 'bigquery', project: 'my-proj' }, process.env);
 */
import { BigQuery } from '@google-cloud/bigquery';
import type { AuthClient } from 'google-auth-library';
import type { BigQueryConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';

export const DEFAULT_LOCATION = 'US';

export interface ClientOptions {
  /** An explicit auth client (the tests' fixed token); otherwise ADC. */
  readonly authClient?: AuthClient;
}

export function bigQueryClient(config: BigQueryConfig, env: NodeJS.ProcessEnv, options: ClientOptions = {}): BigQuery {
  const projectId = config.project ?? env.GOOGLE_CLOUD_PROJECT;
  if (!projectId) {
    throw new UsageError('the BigQuery warehouse needs a project', {
      fix: "set warehouse: { type: 'bigquery', project: 'my-project' } in trellis.config.ts or TRELLIS_BIGQUERY_PROJECT",
    });
  }
  return new BigQuery({
    projectId,
    location: config.location ?? DEFAULT_LOCATION,
    ...(config.apiEndpoint ? { apiEndpoint: config.apiEndpoint } : {}),
    ...(options.authClient ? { authClient: options.authClient as never } : {}),
    ...(env.GOOGLE_APPLICATION_CREDENTIALS ? { keyFilename: env.GOOGLE_APPLICATION_CREDENTIALS } : {}),
  });
}
