/** The one source of "now". Deployed it is the system clock; the local cloud's can be set. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests and the local cloud set (`POST /_dev/clock`); time stands still while set. */
export class SettableClock implements Clock {
  private fixed: Date | null = null;
  set(at: Date | null): void {
    this.fixed = at === null ? null : new Date(at.getTime());
  }
  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }
  get isSet(): boolean {
    return this.fixed !== null;
  }
}
