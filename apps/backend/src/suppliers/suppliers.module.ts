import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Supplier, SupplierSchema } from './schemas/supplier.schema';
import { SelfSupplierGuard, SupplierIdentityGuard } from './supplier-identity.guard';
import { SuppliersController } from './suppliers.controller';
import { SuppliersService } from './suppliers.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Supplier.name, schema: SupplierSchema }])],
  controllers: [SuppliersController],
  providers: [SuppliersService, SupplierIdentityGuard, SelfSupplierGuard],
  exports: [SuppliersService, SupplierIdentityGuard],
})
export class SuppliersModule {}
