import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/public.decorator';

/** The cheapest possible query: the ceiling every benchmark compares against, and a smoke test. */
@Resolver()
export class SystemResolver {
  @Public()
  @Query(() => String, { description: 'Always "pong"; needs no authentication.' })
  ping(): string {
    return 'pong';
  }
}
