export const SUPPLIER_STATUSES = ['active'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** Wire shape of a supplier (event `data` of supplier.created / supplier.updated). */
export interface SupplierData {
  id: string;
  name: string;
  contact: { email: string; phone: string | null };
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string | null;
    postal_code: string | null;
    country: string;
  };
  status: SupplierStatus;
  created_at: string;
  updated_at: string;
}

export interface SupplierDeletedData {
  supplier_id: string;
  deleted_at: string;
}
