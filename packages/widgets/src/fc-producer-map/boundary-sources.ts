/**
 * Whom the boundaries of each country's municipalities are credited to, as the API's sources name
 * them: Norwegian ones are © Kartverket (CC BY 4.0), Swedish ones Valmyndigheten's open data, and
 * the others as their licences ask (the National Land Survey of Finland, the Danish Geodata Agency,
 * the Estonian Land Board, Lithuania's Centre of Registers, and BKG under dl-de/by-2-0 for Germany).
 * HTML: Germany's credit links its source and licence. Its own module, so that tests can read it
 * without loading Leaflet.
 */
export const BOUNDARY_SOURCES: Record<string, string> = {
  NO: '© Kartverket (CC BY 4.0)',
  SE: 'Valmyndigheten',
  FI: 'Contains data from the National Land Survey of Finland, Division into administrative areas 1:4 500 000, 2023 (CC BY 4.0)',
  DK: 'Indeholder data fra Geodatastyrelsen, DAGI 1:500.000, februar 2014',
  EE: 'Maa-amet, haldus- ja asustusjaotus, seisuga 01.09.2018',
  LT: 'Registrų centras, Adresų registras, 2023 (CC BY 4.0)',
  DE: '© <a href="https://www.bkg.bund.de">GeoBasis-DE / BKG</a> 2021 (Daten verändert), <a href="https://www.govdata.de/dl-de/by-2-0">dl-de/by-2-0</a>',
};
