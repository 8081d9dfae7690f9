import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PartnersService } from '../partners.service';
import { Me } from './partner.types';

/** The caller's partner name, read only when a query asks for it. */
@Resolver(() => Me)
export class MeResolver {
  constructor(private readonly partners: PartnersService) {}

  @ResolveField(() => String)
  async partnerName(@Parent() me: Me): Promise<string> {
    return (await this.partners.getByShortName(me.partnerShortName)).name;
  }
}
