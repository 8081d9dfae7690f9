import { Query, Resolver } from '@nestjs/graphql';

/** The cheapest possible query: the ceiling every benchmark compares against, and a smoke test. */
@Resolver()
export class SystemResolver {
  @Query(() => String, { description: 'Always "pong"; needs no authentication.' })
  ping(): string {
    return 'pong';
  }
}
