/** The time, as the domain reads it: injected, so that tests move it rather than wait. */
export type Clock = () => Date;
