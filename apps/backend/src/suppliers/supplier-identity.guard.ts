import { identityGuards } from '../common/identity/identity-guards';
import { SupplierRecord } from './schemas/supplier.schema';
import { SuppliersService } from './suppliers.service';

const supplier = identityGuards<SuppliersService, SupplierRecord>({
  entity: 'supplier',
  service: SuppliersService,
  find: (suppliers, id) => suppliers.find(id),
});

/** The acting supplier (X-Supplier-ID, or a bearer token of kind supplier) must exist (else 401); @ActingSupplier() is that supplier. */
export const SupplierIdentityGuard = supplier.IdentityGuard;
/** The acting supplier must be the :id of the route. */
export const SelfSupplierGuard = supplier.SelfGuard;
export const ActingSupplier = supplier.Acting;
