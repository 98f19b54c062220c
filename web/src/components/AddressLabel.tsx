import { loadKeys, shortAddress } from '../keys';

/** An address as people know it: the label of a key in this browser (e.g. a demo identity's name), else shortened. */
export function AddressLabel({ address, you }: { address: string; you?: string }) {
  const lower = address.toLowerCase();
  if (you && lower === you.toLowerCase()) return <span title={lower}>you</span>;
  const known = loadKeys().find(k => k.address === lower);
  return <span title={lower} data-address={lower}>{known ? known.label : shortAddress(lower)}</span>;
}
