import { UserData } from '@app/kafka';

/** What anyone may see of a user: everything but `email` and `contact`, which only the user themself gets. */
export type PublicUserData = Omit<UserData, 'email' | 'contact'>;

export function publicUserView({ email: _email, contact: _contact, ...rest }: UserData): PublicUserData {
  return rest;
}
