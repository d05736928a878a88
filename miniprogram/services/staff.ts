/** The `staff` function, as far as the member app uses it. One wrapper per action. */
import { call } from './call';

/** Who the caller is as staff: `{ name: '', roles: [] }` for a member who is not staff. */
export const me = () => call('staff', 'me', {});
