/**
 * The time left before an order's deadline (`dueAt`, as the function answered it), counting down
 * every second: "剩余 03:12:45", and "已超时" once it has passed. By default it shows only when
 * less than a day is left (ui-guide: the SLA line counts down when under a day); `within="0"`
 * shows it always (a consult's time left). The timer starts when the clock is attached and is
 * cleared when it is detached, so a page left behind keeps nothing running.
 *
 * It words the deadline the function computed; it does not compute one.
 */

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;
/** ui-guide (workbench): orange under 4 h, red under 1 h or overdue. */
const NEAR = 4 * 3600 * SECOND;
const CLOSE = 3600 * SECOND;

export type ClockTone = '' | 'warning' | 'danger';

export interface ClockFace {
  text: string;
  tone: ClockTone;
  overdue: boolean;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** What the clock shows `left` ms before the deadline; `within` 0 = always. */
export function faceOf(left: number | null, within: number): ClockFace {
  if (left === null) return { text: '', tone: '', overdue: false };
  if (left <= 0) return { text: '已超时', tone: 'danger', overdue: true };
  if (within > 0 && left > within) return { text: '', tone: '', overdue: false };
  const total = Math.ceil(left / SECOND);
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = `${pad(h)}:${pad(m)}:${pad(s)}`;
  return {
    text: days > 0 ? `剩余 ${days}天 ${clock}` : `剩余 ${clock}`,
    tone: left <= CLOSE ? 'danger' : left <= NEAR ? 'warning' : '',
    overdue: false,
  };
}

/** Each clock's timer, kept off `data` (nothing to render, and its type differs by host). */
const timers = new WeakMap<object, ReturnType<typeof setInterval>>();

/** ms until `dueAt` (ISO 8601 with its offset), null when there is none or it cannot be read. */
function leftUntil(dueAt: string, now: number): number | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  return Number.isNaN(due) ? null : due - now;
}

Component({
  properties: {
    /** the deadline, ISO 8601 with +08:00; '' or null shows nothing */
    dueAt: { type: String, value: '' },
    /** show only when less than this many ms are left; 0: always */
    within: { type: Number, value: DAY },
  },

  data: {
    text: '',
    tone: '',
    overdue: false,
  },

  observers: {
    'dueAt, within'() {
      this.tick();
    },
  },

  lifetimes: {
    attached() {
      this.tick();
      timers.set(
        this,
        setInterval(() => this.tick(), SECOND),
      );
    },
    detached() {
      const timer = timers.get(this);
      if (timer !== undefined) clearInterval(timer);
      timers.delete(this);
    },
  },

  methods: {
    tick() {
      const face = faceOf(leftUntil(this.data.dueAt ?? '', Date.now()), this.data.within);
      const { text, tone, overdue } = this.data;
      if (face.text === text && face.tone === tone && face.overdue === overdue) return;
      this.setData({ text: face.text, tone: face.tone, overdue: face.overdue });
      // once, as the deadline passes: a page may want to reload the order
      if (face.overdue && !overdue && text !== '') this.triggerEvent('overdue');
    },
  },
});
