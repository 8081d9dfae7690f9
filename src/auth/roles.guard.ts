import { Injectable, SetMetadata, applyDecorators, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuditService } from '../audit/audit.service';
import { PolicyService } from '../policy/policy.service';
import type { Actor, Role } from './actor';
import { requestOf } from './current-actor.decorator';

const ROLES_KEY = 'cx:roles';

function operationName(context: ExecutionContext): string {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getInfo().fieldName;
  return `${context.getClass().name}.${context.getHandler().name}`;
}

/**
 * Lets the call through only for clients holding one of the roles (the policy decides); a refusal is FORBIDDEN
 * and is recorded in the audit trail with the operation that was attempted.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    const actor = requestOf(context).user as Actor;
    try {
      this.policy.requireRole(actor, ...roles);
      return true;
    } catch (error) {
      await this.audit.recordStandalone({
        action: 'access.denied',
        outcome: 'denied',
        actor,
        targetIds: [],
        details: { operation: operationName(context), requiredRoles: roles },
      });
      throw error;
    }
  }
}

/** `@RequireRoles('ADMIN')`: reads like the rule it enforces. */
export const RequireRoles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(RolesGuard));
