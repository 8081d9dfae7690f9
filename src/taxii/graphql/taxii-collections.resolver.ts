import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequireRoles } from '../../auth/roles.guard';
import { fieldsOf, TaxiiCollectionRepository } from '../taxii-collection.repository';
import type { CollectionFields, TaxiiCollection } from '../taxii-collections';
import { CreateTaxiiCollectionInput, TaxiiCollectionDefinition, UpdateTaxiiCollectionInput } from './taxii-collection.types';

function toDefinition(c: TaxiiCollection): TaxiiCollectionDefinition {
  const f = fieldsOf(c);
  return { id: c.id, alias: f.alias, title: f.title, description: f.description, types: f.types && [...f.types], markings: f.markings && [...f.markings], readKinds: [...f.readKinds], writeKinds: [...f.writeKinds], defaultMarking: f.defaultMarking };
}

/** HOME admins define the TAXII collections (docs/taxii.md, "Collections"); each change is audited. */
@Resolver()
export class TaxiiCollectionsResolver {
  constructor(private readonly collections: TaxiiCollectionRepository) {}

  @Query(() => [TaxiiCollectionDefinition], { description: 'ADMIN: every TAXII collection with its filters and rights.' })
  @RequireRoles('ADMIN')
  async taxiiCollections(): Promise<TaxiiCollectionDefinition[]> {
    return (await this.collections.list()).map(toDefinition);
  }

  @Mutation(() => TaxiiCollectionDefinition, { description: 'ADMIN: a new TAXII collection (audited as taxii-collection.create).' })
  @RequireRoles('ADMIN')
  async createTaxiiCollection(@Args('input') input: CreateTaxiiCollectionInput, @CurrentActor() actor: Actor): Promise<TaxiiCollectionDefinition> {
    const fields: CollectionFields = {
      alias: input.alias,
      title: input.title,
      description: input.description ?? '',
      types: input.types ?? null,
      markings: input.markings ?? null,
      readKinds: input.readKinds,
      writeKinds: input.writeKinds,
      defaultMarking: input.defaultMarking ?? null,
    };
    return toDefinition(await this.collections.create(actor, fields, input.id ?? undefined));
  }

  @Mutation(() => TaxiiCollectionDefinition, { description: 'ADMIN: change a TAXII collection; before and after are audited.' })
  @RequireRoles('ADMIN')
  async updateTaxiiCollection(@Args('input') input: UpdateTaxiiCollectionInput, @CurrentActor() actor: Actor): Promise<TaxiiCollectionDefinition> {
    const { id, ...changes } = input;
    const updated = await this.collections.update(actor, id, (current) => ({
      alias: changes.alias ?? current.alias,
      title: changes.title ?? current.title,
      description: changes.description ?? current.description,
      types: changes.types === undefined ? current.types : changes.types,
      markings: changes.markings === undefined ? current.markings : changes.markings,
      readKinds: changes.readKinds ?? current.readKinds,
      writeKinds: changes.writeKinds ?? current.writeKinds,
      defaultMarking: changes.defaultMarking === undefined ? current.defaultMarking : changes.defaultMarking,
    }));
    return toDefinition(updated);
  }

  @Mutation(() => Boolean, { description: 'ADMIN: remove a TAXII collection (the objects stay in the store); audited.' })
  @RequireRoles('ADMIN')
  async deleteTaxiiCollection(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<boolean> {
    await this.collections.delete(actor, id);
    return true;
  }
}
