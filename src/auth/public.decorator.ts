import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'cx:public';

/** Opts a route or resolver out of authentication. Everything else requires a valid token by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
