/**
 * Who the demo world is made of: openids to call as, and the real-name details the seed activates
 * with. Kept apart from seed.ts so that the seed's parts (and tests, the preview) can import
 * them without importing the seed itself.
 */
export const DEMO = {
  admin: 'demo-admin',
  holder: 'demo-holder',
  members: ['demo-member-1', 'demo-member-2', 'demo-member-3'],
  proHolder: 'demo-pro',
  newcomer: 'demo-newcomer',
  staff: {
    butler: 'demo-butler',
    manager: 'demo-manager',
    doctor: 'demo-doctor',
    agent: 'demo-agent',
    escortManager: 'demo-escort',
  },
} as const;

/** Demo people: valid-checksum ID numbers in an unassigned range, names from a textbook. */
export const DEMO_PEOPLE = {
  holder: { name: '张三丰', idNumber: '110101198003070033', phone: '13800138000' },
  members: [
    { name: '李秋水', idNumber: '110101198205120027', phone: '13800138001' },
    { name: '张无忌', idNumber: '11010120100901001X', phone: '13800138002' },
    { name: '张翠山', idNumber: '11010119550606001X', phone: '13800138003' },
  ],
  pro: { name: '王语嫣', idNumber: '310101199001010020', phone: '13900139000' },
} as const;
