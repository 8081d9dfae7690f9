import type { TestApp } from '../support/test-app';
import { gql, type GraphqlResponse } from '../support/graphql-client';
import { aPartner, tokenFor, type TestClient } from '../support/partners';

/** A UTC time `days` days ago at `hour`:00, ISO 8601. */
export function daysAgo(days: number, hour: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour)).toISOString();
}

export const today = () => new Date().toISOString().slice(0, 10);

export interface Caller {
  readonly client: TestClient;
  readonly token: string;
  q<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>;
}

export async function aCaller(t: TestApp, overrides: Parameters<typeof aPartner>[1]): Promise<Caller> {
  const client = await aPartner(t.app, overrides);
  const token = await tokenFor(t.baseUrl, client);
  return { client, token, q: (query, variables) => gql(t.baseUrl, query, variables, token) };
}

/** The data of a response that must have succeeded (its errors shown when it did not). */
export function ok<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

export const SAVE_FEED = `mutation($input: HostReportFeedInput!) { saveHostReportFeed(input: $input) { id name format partial maxBytes } }`;
export const ADD_NETWORKS = `mutation($partner: String!, $networks: [String!]!) { addHostNetworks(partner: $partner, networks: $networks) { added alreadyRegistered rerouted } }`;
export const IMPORT = `mutation($feed: String!, $content: String!, $encoding: ImportEncoding) {
  importHostReports(feed: $feed, content: $content, encoding: $encoding) { id feed status rowsRead accepted duplicates unrouted rejected problems { line message } }
}`;
export const REPORTS = `query($filter: HostReportFilterInput, $first: Int, $after: String) {
  hostReports(filter: $filter, first: $first, after: $after) {
    edges { node { id ip threat day count sources owner routedBy status port asn remediatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const STATISTICS = `query($from: String!, $to: String!) {
  hostReportStatistics(from: $from, to: $to) {
    total { hosts reports remediated falsePositives unrouted remediationRate medianHoursToRemediate }
    byOwner { key hosts reports unrouted remediated }
    byThreat { key hosts reports }
    byDay { key hosts reports }
  }
}`;

export interface ReportNode {
  id: string;
  ip: string;
  threat: string;
  day: string;
  count: number;
  sources: string[];
  owner: string | null;
  routedBy: string | null;
  status: string;
  port: number | null;
  asn: number | null;
  remediatedAt: string | null;
}

/** Every report the caller can see, all pages. */
export async function allReports(c: Caller, filter: Record<string, unknown> = {}): Promise<ReportNode[]> {
  const nodes: ReportNode[] = [];
  let after: string | undefined;
  for (;;) {
    const page = ok(await c.q<{ hostReports: { edges: { node: ReportNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(REPORTS, { filter, first: 2, after }));
    nodes.push(...page.hostReports.edges.map((e) => e.node));
    if (!page.hostReports.pageInfo.hasNextPage) return nodes;
    after = page.hostReports.pageInfo.endCursor;
  }
}
