/**
 * The blue card face (ui-guide, Home): edition, masked holder name, `**** 1234`, status chip and
 * the line that says what the status means, all formatted in wxs/format.wxs from the `card`
 * answer. Premium wears the gold mark; nothing here decides anything.
 */
import type { Card } from '../../../typings/contract';

Component({
  properties: {
    /** one card of `card.mine`, as answered */
    card: { type: Object, value: null as Card | null },
  },
});
