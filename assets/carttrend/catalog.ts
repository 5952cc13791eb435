/**
 * The ten Carttrend workbooks exactly as the business delivers them (DATA.md
 * section 1): file, sheet and header names, real row counts and what each
 * column holds. The sample-data generator writes these names, the loader
 * checks them and the source assets document them, so they live here once.
 *
 * @example
 * const orders = workbook('orders');
 * orders.file;              // 'Carttrend_Commandes'
 * rawTableName(orders);     // 'carttrend_commandes_commandes'
 */
import { normalizeName } from './names.ts';

export type WorkbookId =
  | 'campaigns' | 'clients' | 'orders' | 'orderLines' | 'warehouses'
  | 'machines' | 'posts' | 'products' | 'promotions' | 'satisfaction';

export interface ColumnSpecDoc {
  /** The header exactly as written in row 1 of the sheet. */
  readonly header: string;
  readonly description: string;
}

export interface WorkbookSpec {
  readonly id: WorkbookId;
  /** File base name, without `.xlsx` / `.csv`. */
  readonly file: string;
  /** Sheet (tab) name, exactly as delivered (note the trailing space of `Détails Commandes `). */
  readonly sheet: string;
  /** Row count of the real delivery. */
  readonly realRows: number;
  readonly description: string;
  readonly columns: readonly ColumnSpecDoc[];
}

const c = (header: string, description: string): ColumnSpecDoc => ({ header, description });

export const CARTTREND_WORKBOOKS: readonly WorkbookSpec[] = [
  {
    id: 'campaigns', file: 'Carttrend_Campaigns', sheet: 'Campagnes', realRows: 123,
    description: 'Marketing campaigns: one row per campaign and day, with spend and results.',
    columns: [
      c('id_campagne', 'Campaign id, CAMP001 (a few are missing)'),
      c('date', 'Campaign day, ISO text'),
      c('événement_oui_non', 'Oui when the campaign is tied to an event'),
      c('événement_type', 'Noël, Soldes, Black Friday or Aucun'),
      c('canal', 'E-mailing, Facebook, Google Ads or Instagram'),
      c('budget', 'Spend in euros'),
      c('impressions', 'Number of impressions'),
      c('clics', 'Number of clicks'),
      c('conversions', 'Number of conversions'),
      c('CTR', 'Clicks / impressions, 0-1; some cells are text, a few are out of range'),
    ],
  },
  {
    id: 'clients', file: 'Carttrend_Clients', sheet: 'Clients', realRows: 10_000,
    description: 'Customers with contact details, sign-up date and favourite products.',
    columns: [
      c('id_client', 'Customer id, C00001'),
      c('prenom_client', 'First name'),
      c('nom_client', 'Last name'),
      c('email', 'Email (a rich-text hyperlink in the workbook; some are malformed)'),
      c('âge', 'Age in years (some negative or absurd)'),
      c('genre', 'Homme or Femme'),
      c('fréquence_visites', 'Number of visits to the site'),
      c('numéro_téléphone', 'Phone number in one of six shapes'),
      c('date_inscription', 'Sign-up date, ISO text, 2020-2024'),
      c('favoris', 'Comma-separated short product ids, P020,P903'),
      c('adresse_ip', 'IPv4 address (some malformed)'),
    ],
  },
  {
    id: 'orders', file: 'Carttrend_Commandes', sheet: 'Commandes', realRows: 80_000,
    description: 'Orders: customer, departure warehouse, status, promotion and delivery estimate.',
    columns: [
      c('id_commande', 'Order id, CMD00001'),
      c('id_client', 'Customer id, C00001'),
      c('id_entrepot_depart', 'Departure warehouse, E001'),
      c('date_commande', 'Order date, ISO text, Dec 2023 to Dec 2024'),
      c('statut_commande', 'En transit, Annulée, Validée or Livrée'),
      c('id_promotion_appliquee', 'Promotion applied, PROM064, or empty'),
      c('mode_de_paiement', 'PayPal, Virement bancaire or Carte de crédit'),
      c('numero_tracking', 'Carrier tracking number'),
      c('date_livraison_estimee', 'Estimated delivery date, ISO text'),
    ],
  },
  {
    id: 'orderLines', file: 'Carttrend_Details_Commandes', sheet: 'Détails Commandes ', realRows: 80_000,
    description: 'Order lines: product and quantity of each order.',
    columns: [
      c('id_commande', 'Order id, CMD00001'),
      c('id_produit', 'Product id, P00001'),
      c('quantité', 'Quantity (a few are zero or negative)'),
      c('emballage_spécial', 'Oui when gift-wrapped'),
    ],
  },
  {
    id: 'warehouses', file: 'Carttrend_Entrepots', sheet: 'Entrepôts', realRows: 10,
    description: 'Warehouses: location, capacity, stock and temperature.',
    columns: [
      c('id_entrepôt', 'Warehouse id, E001'),
      c('localisation', 'City'),
      c('capacité_max', 'Maximum number of items'),
      c('volume_stocké', 'Items in stock'),
      c('taux_remplissage', 'Fill rate in percent, 74.41 (some cells are text)'),
      c('température_moyenne_entrepôt', 'Mean temperature, °C'),
    ],
  },
  {
    id: 'machines', file: 'Carttrend_Entrepots_Machines', sheet: 'Machines Entrepôts', realRows: 19_020,
    description: 'Warehouse machines: state, downtime and volume per machine and month, 2019-12 to 2024-11.',
    columns: [
      c('id', 'Row number'),
      c('id_machine', 'Machine id, ME001001 (warehouse 001, machine 001)'),
      c('id_entrepôt', 'Warehouse id, E001'),
      c('type_machine', 'Tri, Maintenance, Transport, Stockage or Conditionnement'),
      c('état_machine', 'En service, En panne or En maintenance'),
      c('temps_d’arrêt', 'Hours of downtime in the month, 0-48'),
      c('volume_traité', 'Items handled in the month'),
      c('mois', 'Month, 2019-12'),
    ],
  },
  {
    id: 'posts', file: 'Carttrend_Posts', sheet: 'Posts', realRows: 400,
    description: 'Social media posts with mentions and overall sentiment.',
    columns: [
      c('id_post', 'Post id, POST001'),
      c('date_post', 'Publication date, ISO text'),
      c('canal_social', 'TikTok, Twitter, LinkedIn, Facebook or Instagram'),
      c('volume_mentions', 'Number of mentions'),
      c('sentiment_global', 'Positif, Neutre or Négatif'),
      c('contenu_post', 'Text of the post'),
    ],
  },
  {
    id: 'products', file: 'Carttrend_Produits', sheet: 'Produits', realRows: 1_000,
    description: 'Product catalogue: category, brand, name, price and variants.',
    columns: [
      c('ID', 'Product id, P00001'),
      c('Catégorie', 'Mode, Livres, Sports, Électronique, Maison, Alimentation, Beauté or Jouets'),
      c('Marque', 'Brand, or empty'),
      c('Produit', 'Product name'),
      c('Prix', 'Price in euros (some cells are text)'),
      c('Sous-catégorie', 'Sub-category, or empty'),
      c('Variation', 'Size, colour or edition, or empty'),
    ],
  },
  {
    id: 'promotions', file: 'Carttrend_Promotions', sheet: 'Promotions', realRows: 100,
    description: 'Promotions on products: a percentage or a fixed amount over a period.',
    columns: [
      c('id_promotion', 'Promotion id, PROM001'),
      c('id_produit', 'Product id, P00001'),
      c('type_promotion', 'Pourcentage or Remise fixe'),
      c('valeur_promotion', 'A fraction (0.05) for Pourcentage, euros (7.5) for Remise fixe'),
      c('date_début', 'First day, ISO text'),
      c('date_fin', 'Last day, ISO text'),
      c('responsable_promotion', 'Person in charge'),
    ],
  },
  {
    id: 'satisfaction', file: 'Carttrend_Satisfaction', sheet: 'Satisfaction', realRows: 5_000,
    description: 'Customer satisfaction: rating, comment and complaint handling per order.',
    columns: [
      c('id_satisfaction', 'Review id, SAT00001'),
      c('id_commande', 'Order id, CMD00001'),
      c('note_client', 'Rating, 1-5'),
      c('commentaire', 'Comment (English)'),
      c('plainte', 'Yes when the customer complained'),
      c('temps_réponse_support', 'Support response time, hours'),
      c('type_plainte', 'Product, Customer Service, Price, Delivery, or empty'),
      c('employé_support', 'Support agent, EMP024'),
    ],
  },
];

/** The workbook with the given id. */
export function workbook(id: WorkbookId): WorkbookSpec {
  const spec = CARTTREND_WORKBOOKS.find((w) => w.id === id);
  if (!spec) throw new Error(`no Carttrend workbook '${id}'`);
  return spec;
}

export function headersOf(spec: WorkbookSpec): string[] {
  return spec.columns.map((col) => col.header);
}

/** The raw table a workbook loads into, `carttrend_<file suffix>_<sheet>`, normalised. */
export function rawTableName(spec: Pick<WorkbookSpec, 'file' | 'sheet'>): string {
  return `${normalizeName(spec.file)}_${normalizeName(spec.sheet)}`;
}
