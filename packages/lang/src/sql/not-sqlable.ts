/**
 * Thrown while compiling a stage that SQL cannot express the way the evaluator does; the pipeline
 * compiler then ends the SQL prefix there and hands that stage and the rest to the evaluator.
 */
export class NotSqlable extends Error {}
