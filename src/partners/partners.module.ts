import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ApiClientEntity } from './api-client.entity';
import { ClientsService } from './clients.service';
import { MeResolver } from './graphql/me.resolver';
import { PartnersResolver } from './graphql/partners.resolver';
import { HomeBootstrapService } from './home-bootstrap.service';
import { PartnerEntity } from './partner.entity';
import { PartnersService } from './partners.service';

@Module({
  imports: [TypeOrmModule.forFeature([PartnerEntity, ApiClientEntity]), AuthModule],
  providers: [PartnersService, ClientsService, HomeBootstrapService, PartnersResolver, MeResolver],
  exports: [PartnersService, ClientsService, HomeBootstrapService],
})
export class PartnersModule {}
