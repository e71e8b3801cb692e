export const USER_STATUSES = ['active', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Wire shape of a user (event `data` of user.created / user.updated). */
export interface UserData {
  id: string;
  email: string;
  profile: {
    display_name: string;
    first_name: string | null;
    last_name: string | null;
    avatar_url: string | null;
    bio: string | null;
  };
  contact: { phone: string | null };
  status: UserStatus;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface UserDeletedData {
  user_id: string;
  deleted_at: string;
}
