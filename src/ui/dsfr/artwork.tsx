import { pictogram } from '../assets.ts';

/** DSFR pictogram (decorative, hidden from assistive tech), e.g. <Artwork name="buildings/house" />. */
export function Artwork(props: { name: string; size?: number }): JSX.Element {
  const href = pictogram(props.name);
  const size = `${props.size ?? 80}px`;
  return (
    <svg aria-hidden="true" class="fr-artwork" viewBox="0 0 80 80" width={size} height={size}>
      <use class="fr-artwork-decorative" href={`${href}#artwork-decorative`} />
      <use class="fr-artwork-minor" href={`${href}#artwork-minor`} />
      <use class="fr-artwork-major" href={`${href}#artwork-major`} />
    </svg>
  );
}
