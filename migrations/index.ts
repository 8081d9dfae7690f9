import { Foundation1764086400000 } from './1764086400000-foundation';
import { PartnersAndClients1764090000000 } from './1764090000000-partners-and-clients';
import { AuditTrail1764100000000 } from './1764100000000-audit-trail';
import { StixObjects1764110000000 } from './1764110000000-stix-objects';
import { HostReports1764120000000 } from './1764120000000-host-reports';
import { Taxii1764130000000 } from './1764130000000-taxii';
import { IncidentsAndCases1764140000000 } from './1764140000000-incidents-and-cases';
import { PeerSync1764150000000 } from './1764150000000-peer-sync';
import { StixIngestIndexes1764160000000 } from './1764160000000-stix-ingest-indexes';
import { StixSnapshotPaging1764160000001 } from './1764160000001-stix-snapshot-paging';
import { HostFeedPulls1764170000000 } from './1764170000000-host-feed-pulls';
import { IncidentFigures1764180000000 } from './1764180000000-incident-figures';
import { TaxiiCollections1764190000000 } from './1764190000000-taxii-collections';
import { TaxiiCollectionsRead1764190000001 } from './1764190000001-taxii-collections-read';
import { HostReportBrin1764200000000 } from './1764200000000-host-report-brin';
import { HostNetworkVersion1764200000001 } from './1764200000001-host-network-version';
import { StixObjectRefs1764220000000 } from './1764220000000-stix-object-refs';
import { StixOneLatestIndex1764230000000 } from './1764230000000-stix-one-latest-index';
import { StixObservableValueHash1764240000000 } from './1764240000000-stix-observable-value-hash';
import { StixKnownState1764240000001 } from './1764240000001-stix-known-state';

/** Every migration, in order. Listed explicitly so the same list runs from source (tests) and from dist. */
export const ALL_MIGRATIONS = [
  Foundation1764086400000,
  PartnersAndClients1764090000000,
  AuditTrail1764100000000,
  StixObjects1764110000000,
  HostReports1764120000000,
  Taxii1764130000000,
  IncidentsAndCases1764140000000,
  PeerSync1764150000000,
  StixIngestIndexes1764160000000,
  StixSnapshotPaging1764160000001,
  HostFeedPulls1764170000000,
  IncidentFigures1764180000000,
  TaxiiCollections1764190000000,
  TaxiiCollectionsRead1764190000001,
  HostReportBrin1764200000000,
  HostNetworkVersion1764200000001,
  StixObjectRefs1764220000000,
  StixOneLatestIndex1764230000000,
  StixObservableValueHash1764240000000,
  StixKnownState1764240000001,
];
