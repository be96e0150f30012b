/** A statement of pg_stat_statements written as a sample query. */
export interface SampleQuery {
  name: string;
  sql: string;
  /** It reads through an index today, so check should keep it that way. */
  noSeqScan: boolean;
}
