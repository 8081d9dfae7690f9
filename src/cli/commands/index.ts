import type { CliCommand } from '../cli-command';
import { auditCommands } from './audit.commands';
import { clientCommands } from './client.commands';
import { hostReportCommands } from './host-report.commands';
import { partnerCommands } from './partner.commands';
import { seedDemoCommand } from './seed-demo.command';
import { syncCommands } from './sync.commands';

/** Every CLI command, by name. */
export const CLI_COMMANDS: readonly CliCommand[] = [...partnerCommands, ...clientCommands, seedDemoCommand, ...auditCommands, ...hostReportCommands, ...syncCommands];
