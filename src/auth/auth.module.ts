import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorService } from './actor.service';
import { AuthGuard } from './auth.guard';
import { ClientAuthenticator } from './client-authenticator.service';
import { JwtVerifier } from './jwt-verifier.service';
import { OAuthController } from './oauth.controller';
import { RolesGuard } from './roles.guard';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeysService } from './signing-keys.service';
import { TokenService } from './token.service';
import { WebSocketAuthenticator } from './websocket-authenticator.service';

@Module({
  imports: [TypeOrmModule.forFeature([SigningKeyEntity])],
  controllers: [OAuthController],
  providers: [SigningKeysService, TokenService, ClientAuthenticator, ActorService, JwtVerifier, WebSocketAuthenticator, RolesGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ActorService, TokenService, SigningKeysService, RolesGuard, JwtVerifier, ClientAuthenticator, WebSocketAuthenticator],
})
export class AuthModule {}
