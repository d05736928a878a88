/**
 * The `content` function: the read-only pages of the member app (benefit texts, directories,
 * articles, the dates a form may offer). One wrapper per action.
 */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** Every benefit's texts and workflow steps (R1.6), and what the order forms show (R4.1–R4.4). */
export const benefits = () => call('content', 'benefits', {});

export const hospitals = (req: Req<'content', 'hospitals'> = {}) => call('content', 'hospitals', req);

export const experts = (req: Req<'content', 'experts'> = {}) => call('content', 'experts', req);

export const familyDoctors = () => call('content', 'familyDoctors', {});

export const articles = (req: Req<'content', 'articles'> = {}) => call('content', 'articles', req);

export const article = (articleId: string) => call('content', 'article', { articleId });

/** R4.2: the wanted dates a 门诊绿通 request placed now may choose. */
export const outpatientDates = () => call('content', 'outpatientDates', {});

/** R4.4: the first visit day an escort request placed now may choose. */
export const escortEarliestDay = () => call('content', 'escortEarliestDay', {});
