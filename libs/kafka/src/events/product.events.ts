export const PRODUCT_STATUSES = ['draft', 'active', 'out_of_stock', 'discontinued'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface ProductVariantData {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price_cents: number;
  stock: number;
}

/** Wire shape of a product (created, updated and every lifecycle event). */
export interface ProductData {
  id: string;
  supplier_id: string;
  name: string;
  description: string | null;
  category: string | null;
  base_price_cents: number;
  currency: string;
  status: ProductStatus;
  variants: ProductVariantData[];
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProductDeletedData {
  product_id: string;
  supplier_id: string;
  deleted_at: string;
}
