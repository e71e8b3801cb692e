import { identityGuards } from '../common/identity/identity-guards';
import { SUPPLIER_ID_HEADER } from '../common/swagger/api-docs.decorators';
import { SupplierRecord } from './schemas/supplier.schema';
import { SuppliersService } from './suppliers.service';

const supplier = identityGuards<SuppliersService, SupplierRecord>({
  header: SUPPLIER_ID_HEADER,
  entity: 'supplier',
  service: SuppliersService,
  find: (suppliers, id) => suppliers.find(id),
});

/** X-Supplier-ID must name an existing supplier (else 401); @ActingSupplier() is that supplier. */
export const SupplierIdentityGuard = supplier.IdentityGuard;
/** X-Supplier-ID must be the :id of the route. */
export const SelfSupplierGuard = supplier.SelfGuard;
export const ActingSupplier = supplier.Acting;
