import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { readIdentityHeader, unknownIdentity } from '../common/identity/identity-header';
import { assertSelf } from '../common/identity/self-identity';
import { SUPPLIER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { SupplierRecord } from './schemas/supplier.schema';
import { SuppliersService } from './suppliers.service';

type RequestWithSupplier = Request & { actingSupplier?: SupplierRecord };

/** Resolves X-Supplier-ID to an existing supplier (else 401) for @ActingSupplier(). */
@Injectable()
export class SupplierIdentityGuard implements CanActivate {
  constructor(private readonly suppliers: SuppliersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSupplier>();
    const id = readIdentityHeader(request, SUPPLIER_ID_HEADER);
    const supplier = await this.suppliers.find(id);
    if (!supplier) throw unknownIdentity(SUPPLIER_ID_HEADER, id, 'supplier');
    request.actingSupplier = supplier;
    return true;
  }
}

/** Requires X-Supplier-ID = :id (see assertSelf for the 401/403/404 split). */
@Injectable()
export class SelfSupplierGuard implements CanActivate {
  constructor(private readonly suppliers: SuppliersService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await assertSelf(request, SUPPLIER_ID_HEADER, 'supplier', async (id) => (await this.suppliers.find(id)) !== null);
    return true;
  }
}

export const ActingSupplier = createParamDecorator((_data: unknown, context: ExecutionContext): SupplierRecord => {
  const supplier = context.switchToHttp().getRequest<RequestWithSupplier>().actingSupplier;
  if (!supplier) throw new Error('@ActingSupplier() needs @UseGuards(SupplierIdentityGuard) on the route');
  return supplier;
});
