export const POST_STATUSES = ['draft', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** Wire shape of a post (created, updated, published). */
export interface PostData {
  id: string;
  author: { user_id: string; display_name: string };
  body: string;
  media_urls: string[];
  product_ids: string[];
  status: PostStatus;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface PostDeletedData {
  post_id: string;
  deleted_at: string;
}
