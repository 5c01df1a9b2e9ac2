/**
 * A scenario that cannot run here for a reason outside it (an optional dataset is not installed),
 * as opposed to one that is wrong (PrepareError). prepareScenario throws it before doing any
 * work; the suite runner reports the scenario as skipped with `reason` (JUnit `<skipped>`) and
 * runs the others.
 */
export class ScenarioSkipped extends Error {
  override readonly name = 'ScenarioSkipped';
  constructor(
    /** Absolute path of the scenario file. */
    readonly file: string,
    /** The scenario's name. */
    readonly scenario: string,
    /** Why, in words fit for a report, e.g. "needs ../shared/data/fsdd (FSDD recordings), not found at …; set CALLBENCH_FSDD_DIR". */
    readonly reason: string,
  ) {
    super(`${file}: skipped: ${reason}`);
  }
}
