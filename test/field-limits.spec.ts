import 'reflect-metadata';
import { FIELD_LIMITS, MAX_PRICE_CENTS } from '@app/kafka';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenPost } from '../apps/analytics/src/posts/post.flatten';
import { flattenProduct } from '../apps/analytics/src/products/product.flatten';
import { envelope, postData, productData, userData } from '../apps/analytics/src/testing/event-fixtures';
import { flattenUser } from '../apps/analytics/src/users/user.flatten';
import { CreatePostDto } from '../apps/backend/src/posts/dto/create-post.dto';
import { CreateProductDto } from '../apps/backend/src/products/dto/create-product.dto';
import { CreateUserDto } from '../apps/backend/src/users/dto/create-user.dto';

/** The fields the global ValidationPipe would reject in `body` for `dto`. */
function rejected<T extends object>(dto: new () => T, body: object): string[] {
  const errors = validateSync(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true });
  const fields = (list: typeof errors, prefix = ''): string[] =>
    list.flatMap((e) => (e.children?.length ? fields(e.children, `${prefix}${e.property}.`) : [`${prefix}${e.property}`]));
  return fields(errors);
}

const chars = (n: number, c = 'a') => c.repeat(n);
const url = (n: number) => `https://cdn.example/${chars(n - 'https://cdn.example/'.length)}`;

/** What the API accepts the consumer projects, and one past a limit the API refuses (FIELD_LIMITS is the one source). */
describe('field limits shared by the API and the read model', () => {
  it('a user at every limit passes the DTO and the reader; one past a limit is refused by the DTO', () => {
    const profile = {
      display_name: chars(FIELD_LIMITS.user.display_name),
      first_name: chars(FIELD_LIMITS.user.first_name),
      last_name: chars(FIELD_LIMITS.user.last_name),
      avatar_url: url(FIELD_LIMITS.user.avatar_url),
      bio: chars(FIELD_LIMITS.user.bio, '✨'),
    };
    const contact = { phone: chars(FIELD_LIMITS.user.phone, '1') };
    expect(rejected(CreateUserDto, { email: 'ada@example.com', profile, contact })).toEqual([]);
    const data = userData({ profile, contact });
    expect(flattenUser(envelope('user.created', data.id, data))).toMatchObject({ avatar_url: profile.avatar_url, phone: contact.phone });

    expect(rejected(CreateUserDto, { email: 'ada@example.com', profile: { ...profile, avatar_url: url(2080) } })).toEqual([
      'profile.avatar_url',
    ]);
    expect(
      rejected(CreateUserDto, { email: 'ada@example.com', profile, contact: { phone: chars(FIELD_LIMITS.user.phone + 1, '1') } }),
    ).toEqual(['contact.phone']);
  });

  it('a product at the price and attribute limits passes both; 2^53+1 and oversize attributes are refused by the DTO', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: FIELD_LIMITS.product.attributes }, (_, i) => [
        `${i}`.padEnd(FIELD_LIMITS.product.attribute_key, 'k'),
        chars(FIELD_LIMITS.product.attribute_value),
      ]),
    );
    const variant = { sku: chars(FIELD_LIMITS.product.sku), name: 'v', attributes, price_cents: MAX_PRICE_CENTS, stock: 2_147_483_647 };
    const body = { name: 'Lamp', base_price_cents: MAX_PRICE_CENTS, variants: [variant] };
    expect(rejected(CreateProductDto, body)).toEqual([]);
    const data = productData({ base_price_cents: MAX_PRICE_CENTS, variants: [variant] });
    expect(flattenProduct(envelope('product.created', data.id, data)).product.base_price_cents).toBe(MAX_PRICE_CENTS);

    expect(rejected(CreateProductDto, { ...body, base_price_cents: JSON.parse('9007199254740993') })).toEqual(['base_price_cents']);
    const tooMany = { ...attributes, extra: 'x' };
    expect(rejected(CreateProductDto, { ...body, variants: [{ ...variant, attributes: tooMany }] })).toEqual(['variants.0.attributes']);
    expect(rejected(CreateProductDto, { ...body, variants: [{ ...variant, attributes: { a: chars(90_000) } }] })).toEqual([
      'variants.0.attributes',
    ]);
  });

  it('a post with the most and longest media urls passes both; one more url is refused by the DTO', () => {
    const media_urls = Array.from({ length: FIELD_LIMITS.post.media_urls }, () => url(FIELD_LIMITS.post.media_url));
    expect(rejected(CreatePostDto, { body: 'hi', media_urls })).toEqual([]);
    const data = postData({ media_urls });
    expect(JSON.parse(flattenPost(envelope('post.created', data.id, data)).media_urls)).toHaveLength(FIELD_LIMITS.post.media_urls);

    expect(rejected(CreatePostDto, { body: 'hi', media_urls: [...media_urls, url(30)] })).toEqual(['media_urls']);
    expect(rejected(CreatePostDto, { body: 'hi', media_urls: [url(FIELD_LIMITS.post.media_url + 1)] })).toEqual(['media_urls']);
  });
});
