import { taxii, type Auth, type TaxiiAnswer } from './taxii-client';

export type Envelope = { more: boolean; next?: string; objects?: Record<string, unknown>[] };

export interface Walk {
  readonly objects: Record<string, unknown>[];
  readonly pages: TaxiiAnswer<Envelope>[];
}

/** Follows `next` from `path` (which may carry a query) until more is false. */
export async function walk(baseUrl: string, path: string, auth: Auth, limit: number): Promise<Walk> {
  const pages: TaxiiAnswer<Envelope>[] = [];
  const objects: Record<string, unknown>[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let next: string | undefined;
  for (;;) {
    const page = await taxii<Envelope>(baseUrl, `${path}${sep}limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`, { auth });
    if (page.status !== 200) throw new Error(`page ${pages.length} answered ${page.status}: ${JSON.stringify(page.body)}`);
    pages.push(page);
    objects.push(...(page.body.objects ?? []));
    if (!page.body.more) return { objects, pages };
    next = page.body.next;
    if (!next) throw new Error('more without next');
  }
}
