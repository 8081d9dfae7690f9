import type { ViewedObject } from '../store/stix-query.service';
import type { StixObject } from './stix.types';

/** The one place stored versions become API types: a new column stays private until mapped here. */
export const StixMapper = {
  toStixObject({ row, object, tlp }: ViewedObject): StixObject {
    return {
      id: row.id,
      type: row.type,
      specVersion: row.specVersion,
      created: row.created,
      modified: row.modified,
      revoked: row.revoked,
      createdByRef: row.createdByRef,
      labels: row.labels,
      tlp,
      receivedAt: row.receivedAt,
      object,
    };
  },
};
