import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from './actor';

export function requestOf(context: ExecutionContext): { user?: Actor; ip?: string; headers: Record<string, string | string[] | undefined> } {
  return context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getContext().req : context.switchToHttp().getRequest();
}

/** The authenticated caller, set by the global AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).user;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
