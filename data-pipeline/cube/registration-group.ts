/**
 * A group of accepted registrations that share every value the cubes, the city table and the reports need: the
 * unit in which sources that aggregate before the rows reach TypeScript (DuckDB over a CSV file, PostgreSQL in
 * pushdown mode) hand them over. Cubes add: summing the groups gives the same cells as summing their rows one by
 * one, so a group of `count` rows is counted exactly as `count` rows with these values would be.
 */
export interface RegistrationGroup {
  /** The source dimension's value: the row's own `source` column when filled, else the config source's name. */
  source: string;
  /** City text as given, trimmed; '' when empty. */
  city: string;
  /** Region text as given, trimmed; '' when empty. */
  region: string;
  /** UTC hour of created_at: floor(epoch ms / 3,600,000). */
  hour: number;
  /**
   * The headquarters network period created_at falls in: how many of the network's change instants
   * (`DistanceClassifier.periodStarts`, every HQ opening and closing, sorted) are ≤ created_at.
   */
  period: number;
  /** Whether each stage was reached (its timestamp present and valid). */
  phone: boolean;
  email: boolean;
  questionnaire: boolean;
  /** Rows in the group (≥ 1). */
  count: number;
}
