/**
 * The Carttrend SQL models (sql/staging, sql/marts) run on a real DuckDB
 * over small hand-written raw tables typed as the loader types them. Each
 * staging model's cleaning rules are asserted row by row; marts are checked
 * against figures recomputed here; the schema files' checks must pass at
 * severity error and trip exactly the expected warnings; and every model's
 * BigQuery rendering is kept as a golden file (`UPDATE_GOLDEN=1` rewrites them).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bindLogicalDate, dialects, loadSqlModels, type AssetDefinition, type DialectName } from '../core/index.ts';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOLDEN_DIR = path.join(PROJECT, 'test', 'golden', 'bigquery');
const LOGICAL_DATE = '2025-01-15';

type ColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'DATE';
interface RawTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly rows: readonly (readonly unknown[])[];
}

// Raw tables as the loader leaves them: a column is numeric or DATE only when
// every non-empty cell is, so columns holding dirt such as 'beaucoup' or '1,5' are text.
const RAW: readonly RawTable[] = [
  {
    name: 'carttrend_clients_clients',
    columns: { id_client: 'VARCHAR', prenom_client: 'VARCHAR', nom_client: 'VARCHAR', email: 'VARCHAR', age: 'BIGINT',
      genre: 'VARCHAR', frequence_visites: 'VARCHAR', numero_telephone: 'VARCHAR', date_inscription: 'DATE',
      favoris: 'VARCHAR', adresse_ip: 'VARCHAR' },
    rows: [
      ['C00001', 'Jean', 'Dupont', 'jean.dupont@example.com', 34, 'Homme', '12', '001-060-784-3980', '2024-01-15', 'P001,P002', '192.168.1.10'],
      ['C00002', 'Marie', 'Curie', 'marie@@bad', -5, 'femme', '-3', '4473622582', '2030-01-01', 'P1000, P999', '256.1.1.1'],
      ['C00003', 'Ana', 'Lee', 'ana.lee@mail.example.co.uk', 25, 'HOMME', '0', '(474)383-1564x98932', '2020-06-01', 'P020', '10.0.0.1'],
      ['C00004', null, null, null, 71, 'X', null, '+1-306-970-5573x1553', null, null, 'abc'],
      ['C00005', 'Bob', null, 'mailto:bob@ex.org', 40, 'Femme', 'beaucoup', '559.540.4441', '2024-12-31', 'p003', '1.2.3.4'],
      ['C00006', 'Eve', 'Moreau', 'eve@example.fr', 41, null, '7', '001-828-004-6563x72943', '2022-03-10', '', '8.8.8.8'],
      ['C00007', 'Luc', 'Petit', 'luc@example.fr', 56, 'Homme', '1', '12345', '2023-07-01', 'P1000', '1.1.1'],
      ['C00008', 'Zoe', 'Roy', 'zoe@example.fr', 150, 'Femme', '2', '+44 20 7946 0958', '2021-01-01', 'P00020', '0.0.0.0'],
      ['C00001', 'Jean', 'Dupont', 'jean.dupont@example.com', 34, 'Homme', '12', '001-060-784-3980', '2024-01-15', 'P001,P002', '192.168.1.10'],
      [null, 'Ghost', 'Nobody', 'g@example.com', 30, 'Homme', '1', '0000000000', '2024-01-01', 'P001', '1.1.1.1'],
      [' c00009 ', 'Al', 'Bo', 'al@example.fr', 70, 'homme ', '3', '06 12 34 56 78', '2024-06-30', null, '127.0.0.1'],
    ],
  },
  {
    name: 'carttrend_produits_produits',
    columns: { id: 'VARCHAR', categorie: 'VARCHAR', marque: 'VARCHAR', produit: 'VARCHAR', prix: 'VARCHAR',
      sous_categorie: 'VARCHAR', variation: 'VARCHAR' },
    rows: [
      ['P00001', 'Mode', 'nike', 'chaussure de sport', '59.90', 'chaussures', 'taille 42'],
      ['P00002', 'électronique', 'SAMSUNG', 'téléphone portable', '199,99', null, null],
      ['P00003', 'Livres', null, "l'étranger", '12.5', 'poche', ''],
      ['P00020', 'Gadgets', 'acme', 'widget', '0', null, null],
      ['P01000', 'SPORTS', 'adidas', 'ballon', '25', 'football', 'taille 5'],
      ['P00001', 'Mode', 'nike', 'chaussure de sport', '59.90', 'chaussures', 'taille 42'],
      [null, 'Mode', 'x', 'y', '1', null, null],
    ],
  },
  {
    name: 'carttrend_entrepots_entrepots',
    columns: { id_entrepot: 'VARCHAR', localisation: 'VARCHAR', capacite_max: 'BIGINT', volume_stocke: 'BIGINT',
      taux_remplissage: 'VARCHAR', temperature_moyenne_entrepot: 'DOUBLE' },
    rows: [
      ['E001', 'paris', 1000, 750, '74.41', 18.5],
      ['E002', 'saint-étienne', 0, 100, '0', 20],
      ['E003', 'LYON', -10, -5, 'n/a', 15.25],
    ],
  },
  {
    name: 'carttrend_entrepots_machines_machines_entrepots',
    columns: { id: 'BIGINT', id_machine: 'VARCHAR', id_entrepot: 'VARCHAR', type_machine: 'VARCHAR', etat_machine: 'VARCHAR',
      temps_d_arret: 'DOUBLE', volume_traite: 'BIGINT', mois: 'VARCHAR' },
    rows: [
      [1, 'ME001001', 'E001', 'Tri', 'En panne', 24, 1000, '2024-02'],
      [2, 'ME001001', 'E001', 'tri', 'En service', 0, 900, '2024-03'],
      [3, 'ME002001', 'E002', 'Robot', 'en maintenance', -3, -5, '2024-13'],
      [4, 'ME002002', 'E002', 'Stockage', 'Cassée', 800, 10, '2024-04'],
      [5, null, 'E001', 'Tri', 'En service', 1, 1, '2024-01'],
      [1, 'ME001001', 'E001', 'Tri', 'En panne', 24, 1000, '2024-02'],
      [6, 'ME003001', 'E003', 'Conditionnement', 'En service', 48, 500, '2019-12'],
    ],
  },
  {
    name: 'carttrend_posts_posts',
    columns: { id_post: 'VARCHAR', date_post: 'DATE', canal_social: 'VARCHAR', volume_mentions: 'BIGINT',
      sentiment_global: 'VARCHAR', contenu_post: 'VARCHAR' },
    rows: [
      ['POST001', '2024-01-01', 'Facebook', 100, 'Positif', 'Great day'],
      ['POST002', '2024-01-01', 'facebook', -4, 'négatif', 'Bad day'],
      ['POST003', '2030-01-01', 'TikTok', 5, 'Mitigé', 'Future'],
      ['POST004', '2024-01-02', null, 3, 'Neutre', 'No channel'],
      [null, '2024-01-01', 'Facebook', 1, 'Positif', 'No id'],
      ['POST001', '2024-01-01', 'Facebook', 100, 'Positif', 'Great day'],
    ],
  },
  {
    name: 'carttrend_campaigns_campagnes',
    columns: { id_campagne: 'VARCHAR', date: 'DATE', evenement_oui_non: 'VARCHAR', evenement_type: 'VARCHAR', canal: 'VARCHAR',
      budget: 'VARCHAR', impressions: 'BIGINT', clics: 'BIGINT', conversions: 'BIGINT', ctr: 'VARCHAR' },
    rows: [
      ['CAMP001', '2024-01-01', 'Oui', 'Noël', 'Facebook', '1500.5', 10000, 500, 50, '0.05'],
      ['CAMP002', '2024-01-02', 'Non', 'aucun', 'E-mailing', '-200', -1, 10, 1, '1.7'],
      ['CAMP003', '2024-01-01', 'oui', 'BLACK FRIDAY', 'Google Ads', '300', 2000, 100, 10, 'abc'],
      ['camp004', '2024-01-01', 'peut-être', 'Noel', ' facebook ', '100', 1000, 20, 0, '0.02'],
      [null, '2024-01-03', 'Non', 'Soldes', 'Facebook', '50', 100, 1, 0, '0.01'],
    ],
  },
  {
    name: 'carttrend_commandes_commandes',
    columns: { id_commande: 'VARCHAR', id_client: 'VARCHAR', id_entrepot_depart: 'VARCHAR', date_commande: 'DATE',
      statut_commande: 'VARCHAR', id_promotion_appliquee: 'VARCHAR', mode_de_paiement: 'VARCHAR', numero_tracking: 'VARCHAR',
      date_livraison_estimee: 'DATE' },
    rows: [
      ['CMD00001', 'C00001', 'E001', '2024-01-01', 'Livrée', 'PROM001', 'PayPal', 'TRK1', '2024-01-05'],
      ['CMD00002', 'C00002', 'E001', '2024-01-01', 'annulée', null, 'carte de crédit', 'TRK2', '2023-12-25'],
      ['CMD00003', 'C00003', 'E002', '2024-01-03', 'En transit', 'PROM002', 'Virement bancaire', 'TRK3', '2024-01-10'],
      ['CMD00004', 'C00005', 'E002', '2024-01-04', 'Perdue', 'PROM003', 'Bitcoin', 'TRK4', '2024-01-08'],
      ['CMD00005', 'C00001', 'E001', '2030-05-01', 'VALIDÉE', 'prom6', 'paypal', 'TRK5', '2030-05-03'],
      ['CMD00006', 'C00007', 'E003', '2024-01-06', 'Validée', 'P006', 'PayPal', null, null],
      ['CMD00007', 'C00008', 'E001', '2024-01-02', 'Livrée', null, 'PayPal', 'TRK7', '2024-01-04'],
      ['CMD00001', 'C00001', 'E001', '2024-01-01', 'Livrée', 'PROM001', 'PayPal', 'TRK1', '2024-01-05'],
      [null, 'C00001', 'E001', '2024-01-02', 'Livrée', null, 'PayPal', 'TRK0', '2024-01-03'],
    ],
  },
  {
    name: 'carttrend_details_commandes_details_commandes_',
    columns: { id_commande: 'VARCHAR', id_produit: 'VARCHAR', quantite: 'BIGINT', emballage_special: 'VARCHAR' },
    rows: [
      ['CMD00001', 'P00001', 2, 'Oui'],
      ['CMD00002', 'P00002', 1, 'Non'],
      ['CMD00003', 'P00003', 3, 'oui'],
      ['CMD00004', 'P00001', -1, 'Non'],
      ['CMD00005', 'P00002', 1, null],
      ['CMD00006', 'P01000', 4, 'NON'],
      ['CMD00001', 'P00001', 2, 'Oui'],
      [null, 'P00001', 1, 'Oui'],
    ],
  },
  {
    name: 'carttrend_promotions_promotions',
    columns: { id_promotion: 'VARCHAR', id_produit: 'VARCHAR', type_promotion: 'VARCHAR', valeur_promotion: 'DOUBLE',
      date_debut: 'DATE', date_fin: 'DATE', responsable_promotion: 'VARCHAR' },
    rows: [
      ['PROM001', 'P00001', 'Pourcentage', 0.1, '2024-01-01', '2024-01-31', 'Alice'],
      ['PROM002', 'P00003', 'Remise fixe', 2.5, '2024-01-01', '2024-01-31', 'Bob'],
      ['PROM003', 'P00003', 'Remise fixe', 20, '2024-01-01', '2024-01-31', 'Bob'],
      ['PROM004', 'P00001', 'Pourcentage', 1.2, '2024-01-01', '2024-01-31', 'Alice'],
      ['PROM005', 'P00001', 'pourcentage', 0.05, '2024-02-10', '2024-02-01', 'Alice'],
      ['PROM006', 'P01000', 'REMISE FIXE', 5, '2024-01-01', '2024-12-31', 'Chloé'],
      ['PROM001', 'P00001', 'Pourcentage', 0.1, '2024-01-01', '2024-01-31', 'Alice'],
    ],
  },
  {
    name: 'carttrend_satisfaction_satisfaction',
    columns: { id_satisfaction: 'VARCHAR', id_commande: 'VARCHAR', note_client: 'BIGINT', commentaire: 'VARCHAR',
      plainte: 'VARCHAR', temps_reponse_support: 'DOUBLE', type_plainte: 'VARCHAR', employe_support: 'VARCHAR' },
    rows: [
      ['SAT00001', 'CMD00001', 5, 'Great product, great price!', 'No', 2.5, null, 'EMP001'],
      ['SAT00002', 'CMD00003', 2, 'The delivery was late.  Late\nagain', 'Yes', 10, 'delivery', 'emp002'],
      ['SAT00003', 'CMD00001', 9, 'great', 'maybe', -1, 'Other', 'EMP001'],
      ['SAT00004', 'CMD00002', 1, 'Très déçu', 'Oui', 3, 'Product', 'EMP002'],
      ['SAT00001', 'CMD00001', 5, 'Great product, great price!', 'No', 2.5, null, 'EMP001'],
      [null, 'CMD00001', 4, 'ok', 'No', 1, null, 'EMP001'],
    ],
  },
];

const SOURCE_KEYS = RAW.map((t) => `google_drive.${t.name}`);

type Row = Record<string, unknown>;

function loadModels(dialect: DialectName): AssetDefinition[] {
  const { definitions, problems } = loadSqlModels(PROJECT, { dialect: dialects[dialect], externalKeys: SOURCE_KEYS });
  expect(problems).toEqual([]);
  return [...definitions].sort((a, b) => a.key.localeCompare(b.key));
}

/** Models in dependency order (deps first, keys sorted within a level). */
function inDependencyOrder(models: readonly AssetDefinition[]): AssetDefinition[] {
  const byKey = new Map(models.map((m) => [m.key, m]));
  const done = new Set<string>();
  const order: AssetDefinition[] = [];
  const visit = (m: AssetDefinition) => {
    if (done.has(m.key)) return;
    done.add(m.key);
    for (const dep of m.deps) { const d = byKey.get(dep); if (d) visit(d); }
    order.push(m);
  };
  models.forEach(visit);
  return order;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

async function query(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalise(v)])));
}

interface Built {
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  readonly models: readonly AssetDefinition[];
}

async function buildWarehouse(file: string, allText: boolean): Promise<Built> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  await conn.run('CREATE SCHEMA google_drive');
  await conn.run('CREATE SCHEMA carttrend_clean');
  for (const table of RAW) {
    const names = Object.keys(table.columns);
    const columns = names.map((c) => `"${c}" ${allText ? 'VARCHAR' : table.columns[c]}`).join(', ');
    await conn.run(`CREATE TABLE google_drive."${table.name}" (${columns})`);
    const placeholders = names.map((_, i) => `$${i + 1}`).join(', ');
    for (const row of table.rows) {
      const values = row.map((v) => (v === null || !allText ? v : String(v)));
      await conn.run(`INSERT INTO google_drive."${table.name}" VALUES (${placeholders})`, values as never);
    }
  }
  const models = inDependencyOrder(loadModels('duckdb'));
  for (const model of models) {
    const [schema, name] = model.key.split('.');
    const kind = model.materialization === 'table' ? 'TABLE' : 'VIEW';
    await conn.run(`CREATE OR REPLACE ${kind} "${schema}"."${name}" AS ${bindLogicalDate(model.sql!, LOGICAL_DATE)}`);
  }
  return { instance, conn, models };
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

let dir: string;
let typed: Built;
let text: Built;
const table = (name: string, orderBy: string) => query(typed.conn, `SELECT * FROM carttrend_clean."${name}" ORDER BY ${orderBy}`);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-sql-models-'));
  typed = await buildWarehouse(path.join(dir, 'typed.duckdb'), false);
  text = await buildWarehouse(path.join(dir, 'text.duckdb'), true);
}, 60_000);

afterAll(() => {
  for (const built of [typed, text]) {
    built?.conn.closeSync();
    built?.instance.closeSync();
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loading', () => {
  test('there are 12 staging views and 11 mart tables in carttrend_clean', () => {
    const staging = typed.models.filter((m) => m.group === 'staging');
    const marts = typed.models.filter((m) => m.group === 'marts');
    expect(staging.map((m) => m.key.split('.')[1]).sort()).toEqual(['Campagnes', 'Canaux', 'Clients', 'Commandes',
      'Details_commandes', 'Entrepots', 'Entrepots_Machines', 'Posts', 'Produits', 'Produits_Favoris', 'Promotions', 'Satisfaction']);
    expect(marts.map((m) => m.key.split('.')[1]).sort()).toEqual(['mart_Apriori_Combinaisons_Produits', 'mart_Commandes',
      'mart_Commentaires', 'mart_Engagement_Campagnes', 'mart_Metriques_Entrepots', 'mart_Metriques_Machines',
      'mart_Notes_Clients', 'mart_Prevision_Series_Temporelles_CA', 'mart_Produits_Favoris',
      'mart_Regression_Fonctionnement_Machines', 'mart_Support']);
    expect(staging.every((m) => m.materialization === 'view' && m.key.startsWith('carttrend_clean.'))).toBe(true);
    expect(marts.every((m) => m.materialization === 'table' && m.key.startsWith('carttrend_clean.'))).toBe(true);
  });

  test('every model has a description and documents its columns', () => {
    for (const model of typed.models) {
      expect(model.description, model.key).not.toBe('');
      expect(model.columns.length, model.key).toBeGreaterThan(0);
    }
  });

  test('upstreams come from ref() and source()', () => {
    const deps = (name: string) => typed.models.find((m) => m.key === `carttrend_clean.${name}`)!.deps;
    expect(deps('Posts')).toEqual(['carttrend_clean.Canaux', 'google_drive.carttrend_posts_posts']);
    expect(deps('Produits_Favoris')).toEqual(['carttrend_clean.Clients', 'carttrend_clean.Produits',
      'google_drive.carttrend_clients_clients']);
    expect(deps('mart_Prevision_Series_Temporelles_CA')).toEqual(['carttrend_clean.mart_Commandes']);
  });

  test('no model reads the current date: "as of" values use the logical date', () => {
    for (const model of typed.models) expect(model.sql, model.key).not.toMatch(/current_date|now\(\)|today\(\)/i);
  });

  test('the documented columns are the columns each model produces', async () => {
    for (const model of typed.models) {
      const [schema, name] = model.key.split('.');
      const cols = await query(typed.conn, `SELECT column_name FROM information_schema.columns
        WHERE table_schema = '${schema}' AND table_name = '${name}' ORDER BY ordinal_position`);
      expect(model.columns.map((c) => c.name), model.key).toEqual(cols.map((c) => c.column_name));
    }
  });
});

describe('staging', () => {
  test('Canaux: one id per channel, case-insensitive, named by the most frequent spelling', async () => {
    expect(await table('Canaux', 'id_canal')).toEqual([
      { id_canal: 1, canal: 'E-mailing', cle_canal: 'e-mailing' },
      { id_canal: 2, canal: 'Facebook', cle_canal: 'facebook' },
      { id_canal: 3, canal: 'Google Ads', cle_canal: 'google ads' },
      { id_canal: 4, canal: 'TikTok', cle_canal: 'tiktok' },
    ]);
  });

  test('Campagnes: typed, negative metrics and CTR outside 0-1 nulled, enumerations matched, channel id', async () => {
    expect(await table('Campagnes', 'id_campagne')).toEqual([
      { id_campagne: 'CAMP001', date: '2024-01-01', evenement: true, evenement_type: 'Noël', id_canal: 2, canal: 'Facebook',
        budget: 1500.5, impressions: 10000, clics: 500, conversions: 50, ctr: 0.05 },
      { id_campagne: 'CAMP002', date: '2024-01-02', evenement: false, evenement_type: 'Aucun', id_canal: 1, canal: 'E-mailing',
        budget: null, impressions: null, clics: 10, conversions: 1, ctr: null },
      { id_campagne: 'CAMP003', date: '2024-01-01', evenement: true, evenement_type: 'Black Friday', id_canal: 3, canal: 'Google Ads',
        budget: 300, impressions: 2000, clics: 100, conversions: 10, ctr: null },
      { id_campagne: 'CAMP004', date: '2024-01-01', evenement: null, evenement_type: 'Noël', id_canal: 2, canal: 'Facebook',
        budget: 100, impressions: 1000, clics: 20, conversions: 0, ctr: 0.02 },
    ]);
  });

  test('Clients: hash, email, age and bracket, gender, visits, phone, seniority, IPv4', async () => {
    const rows = await table('Clients', 'id_client');
    const seniority = (d: string) => daysBetween(d, LOGICAL_DATE);
    expect(rows).toEqual([
      { id_client: 'C00001', hash_prenom_nom: sha256('JeanDupont'), email: 'jean.dupont@example.com', age: 34, tranche_age: '25-40',
        genre: 'Homme', frequence_visites: 12, telephone: '+001-060-784-3980', date_inscription: '2024-01-15',
        anciennete_jours: 366, ip: '192.168.1.10' },
      { id_client: 'C00002', hash_prenom_nom: sha256('MarieCurie'), email: null, age: null, tranche_age: null,
        genre: 'Femme', frequence_visites: null, telephone: '+033-447-362-2582', date_inscription: null,
        anciennete_jours: null, ip: null },
      { id_client: 'C00003', hash_prenom_nom: sha256('AnaLee'), email: 'ana.lee@mail.example.co.uk', age: 25, tranche_age: '<=25',
        genre: 'Homme', frequence_visites: 0, telephone: '+033-474-383-1564', date_inscription: '2020-06-01',
        anciennete_jours: seniority('2020-06-01'), ip: '10.0.0.1' },
      { id_client: 'C00004', hash_prenom_nom: null, email: null, age: 71, tranche_age: '>70',
        genre: null, frequence_visites: null, telephone: '+001-306-970-5573', date_inscription: null,
        anciennete_jours: null, ip: null },
      { id_client: 'C00005', hash_prenom_nom: sha256('Bob'), email: 'bob@ex.org', age: 40, tranche_age: '25-40',
        genre: 'Femme', frequence_visites: null, telephone: '+033-559-540-4441', date_inscription: '2024-12-31',
        anciennete_jours: 15, ip: '1.2.3.4' },
      { id_client: 'C00006', hash_prenom_nom: sha256('EveMoreau'), email: 'eve@example.fr', age: 41, tranche_age: '40-55',
        genre: null, frequence_visites: 7, telephone: '+001-828-004-6563', date_inscription: '2022-03-10',
        anciennete_jours: seniority('2022-03-10'), ip: '8.8.8.8' },
      { id_client: 'C00007', hash_prenom_nom: sha256('LucPetit'), email: 'luc@example.fr', age: 56, tranche_age: '55-70',
        genre: 'Homme', frequence_visites: 1, telephone: null, date_inscription: '2023-07-01',
        anciennete_jours: seniority('2023-07-01'), ip: null },
      { id_client: 'C00008', hash_prenom_nom: sha256('ZoeRoy'), email: 'zoe@example.fr', age: 150, tranche_age: '>70',
        genre: 'Femme', frequence_visites: 2, telephone: '+044-207-946-0958', date_inscription: '2021-01-01',
        anciennete_jours: seniority('2021-01-01'), ip: '0.0.0.0' },
      { id_client: 'C00009', hash_prenom_nom: sha256('AlBo'), email: 'al@example.fr', age: 70, tranche_age: '55-70',
        genre: 'Homme', frequence_visites: 3, telephone: '+033-061-234-5678', date_inscription: '2024-06-30',
        anciennete_jours: seniority('2024-06-30'), ip: '127.0.0.1' },
    ]);
  });

  test('Commandes: renamed ids, PROM064 -> P064, enumerations case-insensitive, future and inconsistent dates nulled', async () => {
    expect(await table('Commandes', 'id_commande')).toEqual([
      { id_commande: 'CMD00001', id_client: 'C00001', id_entrepot: 'E001', date_commande: '2024-01-01', statut_commande: 'Livrée',
        id_promotion: 'P001', mode_de_paiement: 'PayPal', numero_tracking: 'TRK1', date_livraison_estimee: '2024-01-05' },
      { id_commande: 'CMD00002', id_client: 'C00002', id_entrepot: 'E001', date_commande: '2024-01-01', statut_commande: 'Annulée',
        id_promotion: null, mode_de_paiement: 'Carte de crédit', numero_tracking: 'TRK2', date_livraison_estimee: null },
      { id_commande: 'CMD00003', id_client: 'C00003', id_entrepot: 'E002', date_commande: '2024-01-03', statut_commande: 'En transit',
        id_promotion: 'P002', mode_de_paiement: 'Virement bancaire', numero_tracking: 'TRK3', date_livraison_estimee: '2024-01-10' },
      { id_commande: 'CMD00004', id_client: 'C00005', id_entrepot: 'E002', date_commande: '2024-01-04', statut_commande: null,
        id_promotion: 'P003', mode_de_paiement: null, numero_tracking: 'TRK4', date_livraison_estimee: '2024-01-08' },
      { id_commande: 'CMD00005', id_client: 'C00001', id_entrepot: 'E001', date_commande: null, statut_commande: 'Validée',
        id_promotion: 'P006', mode_de_paiement: 'PayPal', numero_tracking: 'TRK5', date_livraison_estimee: '2030-05-03' },
      { id_commande: 'CMD00006', id_client: 'C00007', id_entrepot: 'E003', date_commande: '2024-01-06', statut_commande: 'Validée',
        id_promotion: 'P006', mode_de_paiement: 'PayPal', numero_tracking: null, date_livraison_estimee: null },
      { id_commande: 'CMD00007', id_client: 'C00008', id_entrepot: 'E001', date_commande: '2024-01-02', statut_commande: 'Livrée',
        id_promotion: null, mode_de_paiement: 'PayPal', numero_tracking: 'TRK7', date_livraison_estimee: '2024-01-04' },
    ]);
  });

  test('Details_commandes: duplicates removed, non-positive quantities nulled, packaging as boolean', async () => {
    expect(await table('Details_commandes', 'id_commande')).toEqual([
      { id_commande: 'CMD00001', id_produit: 'P00001', quantite: 2, emballage_special: true },
      { id_commande: 'CMD00002', id_produit: 'P00002', quantite: 1, emballage_special: false },
      { id_commande: 'CMD00003', id_produit: 'P00003', quantite: 3, emballage_special: true },
      { id_commande: 'CMD00004', id_produit: 'P00001', quantite: null, emballage_special: false },
      { id_commande: 'CMD00005', id_produit: 'P00002', quantite: 1, emballage_special: null },
      { id_commande: 'CMD00006', id_produit: 'P01000', quantite: 4, emballage_special: false },
    ]);
  });

  test('Entrepots: capitalised location, negatives to 0, fill rate = stock / capacity, NULL for a zero capacity', async () => {
    expect(await table('Entrepots', 'id_entrepot')).toEqual([
      { id_entrepot: 'E001', localisation: 'Paris', capacite_max: 1000, volume_stocke: 750, taux_remplissage: 0.75, temperature: 18.5 },
      { id_entrepot: 'E002', localisation: 'Saint-Étienne', capacite_max: 0, volume_stocke: 100, taux_remplissage: null, temperature: 20 },
      { id_entrepot: 'E003', localisation: 'Lyon', capacite_max: 0, volume_stocke: 0, taux_remplissage: null, temperature: 15.25 },
    ]);
  });

  test('Entrepots_Machines: month to date, En panne -> Panne, unknown -> Autre, impossible downtime nulled', async () => {
    expect(await table('Entrepots_Machines', 'id')).toEqual([
      { id: 1, id_machine: 'ME001001', id_entrepot: 'E001', type_machine: 'Tri', etat_machine: 'Panne', temps_d_arret: 24,
        volume_traite: 1000, date: '2024-02-01' },
      { id: 2, id_machine: 'ME001001', id_entrepot: 'E001', type_machine: 'Tri', etat_machine: 'Service', temps_d_arret: 0,
        volume_traite: 900, date: '2024-03-01' },
      { id: 3, id_machine: 'ME002001', id_entrepot: 'E002', type_machine: 'Autre', etat_machine: 'Maintenance', temps_d_arret: null,
        volume_traite: null, date: null },
      { id: 4, id_machine: 'ME002002', id_entrepot: 'E002', type_machine: 'Stockage', etat_machine: 'Autre', temps_d_arret: null,
        volume_traite: 10, date: '2024-04-01' },
      { id: 6, id_machine: 'ME003001', id_entrepot: 'E003', type_machine: 'Conditionnement', etat_machine: 'Service', temps_d_arret: 48,
        volume_traite: 500, date: '2019-12-01' },
    ]);
  });

  test('Posts: channel id, negative mentions to 0, sentiment validated, future dates brought back to the logical date', async () => {
    expect(await table('Posts', 'id_post')).toEqual([
      { id_post: 'POST001', date_post: '2024-01-01', id_canal: 2, canal: 'Facebook', volume_mentions: 100, sentiment_global: 'Positif', contenu_post: 'Great day' },
      { id_post: 'POST002', date_post: '2024-01-01', id_canal: 2, canal: 'Facebook', volume_mentions: 0, sentiment_global: 'Négatif', contenu_post: 'Bad day' },
      { id_post: 'POST003', date_post: LOGICAL_DATE, id_canal: 4, canal: 'TikTok', volume_mentions: 5, sentiment_global: null, contenu_post: 'Future' },
      { id_post: 'POST004', date_post: '2024-01-02', id_canal: null, canal: null, volume_mentions: 3, sentiment_global: 'Neutre', contenu_post: 'No channel' },
    ]);
  });

  test('Produits: unknown categories -> Autre, names capitalised, empty cells and non-positive prices NULL', async () => {
    expect(await table('Produits', 'id_produit')).toEqual([
      { id_produit: 'P00001', categorie: 'Mode', marque: 'Nike', nom: 'Chaussure De Sport', prix: 59.9, sous_categorie: 'Chaussures', variation: 'Taille 42' },
      { id_produit: 'P00002', categorie: 'Électronique', marque: 'Samsung', nom: 'Téléphone Portable', prix: 199.99, sous_categorie: null, variation: null },
      { id_produit: 'P00003', categorie: 'Livres', marque: null, nom: "L'étranger", prix: 12.5, sous_categorie: 'Poche', variation: null },
      { id_produit: 'P00020', categorie: 'Autre', marque: 'Acme', nom: 'Widget', prix: null, sous_categorie: null, variation: null },
      { id_produit: 'P01000', categorie: 'Sports', marque: 'Adidas', nom: 'Ballon', prix: 25, sous_categorie: 'Football', variation: 'Taille 5' },
    ]);
  });

  test('Produits_Favoris: ids padded to five digits (P1000 too), unknown products dropped', async () => {
    expect(await table('Produits_Favoris', 'id_client, id_produit')).toEqual([
      { id_client: 'C00001', id_produit: 'P00001' },
      { id_client: 'C00001', id_produit: 'P00002' },
      { id_client: 'C00002', id_produit: 'P01000' },
      { id_client: 'C00003', id_produit: 'P00020' },
      { id_client: 'C00005', id_produit: 'P00003' },
      { id_client: 'C00007', id_produit: 'P01000' },
      { id_client: 'C00008', id_produit: 'P00020' },
    ]);
  });

  test('Promotions: P001 ids, euros and fraction both ways, fractions >= 1 and reversed dates dropped', async () => {
    expect(await table('Promotions', 'id_promotion')).toEqual([
      { id_promotion: 'P001', id_produit: 'P00001', type_promotion: 'Pourcentage', valeur_promotion: 5.99, pourcentage_promotion: 0.1,
        date_debut: '2024-01-01', date_fin: '2024-01-31', responsable_promotion: 'Alice' },
      { id_promotion: 'P002', id_produit: 'P00003', type_promotion: 'Remise fixe', valeur_promotion: 2.5, pourcentage_promotion: 0.2,
        date_debut: '2024-01-01', date_fin: '2024-01-31', responsable_promotion: 'Bob' },
      { id_promotion: 'P006', id_produit: 'P01000', type_promotion: 'Remise fixe', valeur_promotion: 5, pourcentage_promotion: 0.2,
        date_debut: '2024-01-01', date_fin: '2024-12-31', responsable_promotion: 'Chloé' },
    ]);
  });

  test('Satisfaction: rating 1-5, complaint as boolean, negative delays nulled, complaint types validated', async () => {
    expect(await table('Satisfaction', 'id_satisfaction')).toEqual([
      { id_satisfaction: 'SAT00001', id_commande: 'CMD00001', note_client: 5, commentaire: 'Great product, great price!', plainte: false,
        delai_traitement: 2.5, type_plainte: null, employe_support: 'EMP001' },
      { id_satisfaction: 'SAT00002', id_commande: 'CMD00003', note_client: 2, commentaire: 'The delivery was late.  Late\nagain', plainte: true,
        delai_traitement: 10, type_plainte: 'Delivery', employe_support: 'EMP002' },
      { id_satisfaction: 'SAT00003', id_commande: 'CMD00001', note_client: null, commentaire: 'great', plainte: null,
        delai_traitement: null, type_plainte: null, employe_support: 'EMP001' },
      { id_satisfaction: 'SAT00004', id_commande: 'CMD00002', note_client: 1, commentaire: 'Très déçu', plainte: true,
        delai_traitement: 3, type_plainte: 'Product', employe_support: 'EMP002' },
    ]);
  });

  test('every model gives the same rows whether the loader typed the raw columns or left them as text', async () => {
    for (const model of typed.models) {
      const sql = `SELECT * FROM ${model.key.split('.').map((p) => `"${p}"`).join('.')} ORDER BY ALL`;
      const [a, b] = await Promise.all([typed.conn.runAndReadAll(sql), text.conn.runAndReadAll(sql)]);
      expect(b.getRowObjectsJson(), model.key).toEqual(a.getRowObjectsJson());
    }
  });
});

describe('marts', () => {
  const round2 = (x: number) => Math.round(x * 100) / 100;

  test('mart_Commandes: one row per order line (or per order without lines), discounts applied, favourites flagged', async () => {
    const rows = await table('mart_Commandes', 'id_commande');
    const lines = await query(typed.conn, 'SELECT count(*) AS n FROM carttrend_clean.Details_commandes');
    const bare = await query(typed.conn, `SELECT count(*) AS n FROM carttrend_clean.Commandes c
      WHERE NOT EXISTS (SELECT 1 FROM carttrend_clean.Details_commandes d WHERE d.id_commande = c.id_commande)`);
    expect(rows.length).toBe(Number(lines[0]!.n) + Number(bare[0]!.n));
    const pick = (r: Row) => [r.id_commande, r.id_produit, r.prix_initial, r.prix_apres_remise, r.id_promotion,
      r.pourcentage_promotion, r.produit_favori, r.jour_semaine];
    expect(rows.map(pick)).toEqual([
      ['CMD00001', 'P00001', 119.8, 107.82, 'P001', 0.1, true, 1],
      ['CMD00002', 'P00002', 199.99, 199.99, null, 0, false, 1],
      ['CMD00003', 'P00003', 37.5, 30, 'P002', 0.2, false, 3],
      ['CMD00004', 'P00001', null, null, null, 0, false, 4],
      ['CMD00005', 'P00002', 199.99, 159.99, 'P006', 0.2, true, null],
      ['CMD00006', 'P01000', 100, 80, 'P006', 0.2, true, 6],
      ['CMD00007', null, null, null, null, 0, false, 2],
    ]);
    expect(rows[0]).toMatchObject({ categorie: 'Mode', id_client: 'C00001', tranche_age: '25-40', anciennete_jours: 366, statut_commande: 'Livrée' });
  });

  test('mart_Prevision_Series_Temporelles_CA: every day from first to last order, revenue of sales after discount, 0 otherwise', async () => {
    const series = await table('mart_Prevision_Series_Temporelles_CA', 'ds');
    // Recomputed from the staging views: lines of orders with a known status other than cancelled.
    const orders = await table('Commandes', 'id_commande');
    const lines = await table('Details_commandes', 'id_commande');
    const products = new Map((await table('Produits', 'id_produit')).map((p) => [p.id_produit, p.prix as number | null]));
    const promos = new Map((await table('Promotions', 'id_promotion')).map((p) => [p.id_promotion, p.pourcentage_promotion as number]));
    const expected = new Map<string, number>();
    const dated = orders.filter((o) => o.date_commande !== null).map((o) => o.date_commande as string).sort();
    for (let d = Date.parse(dated[0]!); d <= Date.parse(dated.at(-1)!); d += 86_400_000) {
      expected.set(new Date(d).toISOString().slice(0, 10), 0);
    }
    for (const o of orders) {
      if (o.date_commande === null || o.statut_commande === null || o.statut_commande === 'Annulée') continue;
      for (const l of lines.filter((x) => x.id_commande === o.id_commande)) {
        const price = products.get(l.id_produit);
        if (price == null || l.quantite === null) continue;
        const fraction = promos.get(o.id_promotion) ?? 0;
        const day = o.date_commande as string;
        expected.set(day, expected.get(day)! + round2(price * (l.quantite as number) * (1 - (fraction > 0 ? fraction : 0))));
      }
    }
    expect(series.map((r) => r.ds)).toEqual([...expected.keys()]);
    for (const r of series) expect(r.y as number).toBeCloseTo(expected.get(r.ds as string)!, 2);
    expect(series).toEqual([
      { ds: '2024-01-01', y: 107.82 }, { ds: '2024-01-02', y: 0 }, { ds: '2024-01-03', y: 30 },
      { ds: '2024-01-04', y: 0 }, { ds: '2024-01-05', y: 0 }, { ds: '2024-01-06', y: 80 },
    ]);
  });

  test('mart_Apriori_Combinaisons_Produits: distinct categories bought per customer, in order of first purchase', async () => {
    expect(await table('mart_Apriori_Combinaisons_Produits', 'id_client')).toEqual([
      { categories: ['Mode', 'Électronique'], id_client: 'C00001', nb_categories: 2 },
      { categories: ['Livres'], id_client: 'C00003', nb_categories: 1 },
      { categories: ['Sports'], id_client: 'C00007', nb_categories: 1 },
    ]);
  });

  test('mart_Regression_Fonctionnement_Machines: uptime = 1 - downtime / hours in the month, within 0-1', async () => {
    const rows = await table('mart_Regression_Fonctionnement_Machines', 'month');
    const machines = (await table('Entrepots_Machines', 'id')).filter((m) => m.date !== null && m.temps_d_arret !== null);
    expect(rows.length).toBe(machines.length);
    for (const r of rows) expect(r.pourcentage_uptime as number).toBeGreaterThanOrEqual(0);
    for (const r of rows) expect(r.pourcentage_uptime as number).toBeLessThanOrEqual(1);
    for (const m of machines) {
      const [y, mo] = (m.date as string).split('-').map(Number);
      const hours = new Date(Date.UTC(y!, mo!, 0)).getUTCDate() * 24;
      const row = rows.find((r) => r.month === mo && r.volume_traite === m.volume_traite)!;
      expect(row.pourcentage_uptime as number).toBeCloseTo(1 - (m.temps_d_arret as number) / hours, 12);
    }
    expect(rows.map((r) => [r.month, r.localisation, r.temperature, r.type_machine])).toEqual([
      [2, 'Paris', 18.5, 'Tri'], [3, 'Paris', 18.5, 'Tri'], [12, 'Lyon', 15.25, 'Conditionnement'],
    ]);
  });

  test('mart_Commentaires: grouped by the cleaned upper-case word, stop words removed', async () => {
    const rows = await table('mart_Commentaires', 'frequence DESC, mot');
    // Recomputed from the comments: split on whitespace, keep letters and digits, upper-case.
    const reviews = await table('Satisfaction', 'id_satisfaction');
    const words = new Map<string, { frequence: number; notes: number[] }>();
    for (const r of reviews) {
      for (const raw of String(r.commentaire ?? '').split(/\s+/)) {
        const mot = raw.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
        if (!mot || ['THE', 'WAS', 'AGAIN'].includes(mot)) continue;
        const entry = words.get(mot) ?? { frequence: 0, notes: [] };
        entry.frequence += 1;
        if (r.note_client !== null) entry.notes.push(r.note_client as number);
        words.set(mot, entry);
      }
    }
    const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b) / xs.length) * 10) / 10 : null);
    const expected = [...words].map(([mot, w]) => ({ mot, frequence: w.frequence, note_moyenne: mean(w.notes) }));
    expect([...rows].sort((a, b) => String(a.mot).localeCompare(String(b.mot))))
      .toEqual(expected.sort((a, b) => a.mot.localeCompare(b.mot)));
    expect(rows.slice(0, 2)).toEqual([{ mot: 'GREAT', frequence: 3, note_moyenne: 5 }, { mot: 'LATE', frequence: 2, note_moyenne: 2 }]);
    expect(rows.map((r) => r.mot)).toContain('DÉÇU');
  });

  test('mart_Notes_Clients: mean rating per product, order, complaint type, customer and warehouse', async () => {
    const rows = await table('mart_Notes_Clients', 'avg_note_client, id_produit');
    expect(rows.map((r) => [r.id_produit, r.type_plainte, r.id_client, r.avg_note_client, r.localisation_entrepot])).toEqual([
      ['P00002', 'Product', 'C00002', 1, 'Paris'],
      ['P00003', 'Delivery', 'C00003', 2, 'Saint-Étienne'],
      ['P00001', null, 'C00001', 5, 'Paris'],
    ]);
  });

  test('mart_Support: reviews, complaints and response times per employee, complaint type and month', async () => {
    expect(await table('mart_Support', 'employe_support, type_plainte NULLS FIRST')).toEqual([
      { employe_support: 'EMP001', type_plainte: null, mois: '2024-01-01', nb_avis: 2, nb_plaintes: 0, taux_plainte: 0,
        delai_traitement_moyen: 2.5, delai_traitement_max: 2.5, note_moyenne: 5 },
      { employe_support: 'EMP002', type_plainte: 'Delivery', mois: '2024-01-01', nb_avis: 1, nb_plaintes: 1, taux_plainte: 1,
        delai_traitement_moyen: 10, delai_traitement_max: 10, note_moyenne: 2 },
      { employe_support: 'EMP002', type_plainte: 'Product', mois: '2024-01-01', nb_avis: 1, nb_plaintes: 1, taux_plainte: 1,
        delai_traitement_moyen: 3, delai_traitement_max: 3, note_moyenne: 1 },
    ]);
  });

  test('mart_Engagement_Campagnes: day x channel, totals equal the campaigns and posts they come from', async () => {
    const rows = await table('mart_Engagement_Campagnes', 'date, id_canal NULLS LAST');
    const campaigns = (await table('Campagnes', 'id_campagne')).filter((c) => c.date !== null);
    const posts = (await table('Posts', 'id_post')).filter((p) => p.date_post !== null);
    const sum = (xs: Row[], k: string) => xs.reduce((a, r) => a + ((r[k] as number | null) ?? 0), 0);
    expect(sum(rows, 'nb_campagnes')).toBe(campaigns.length);
    expect(sum(rows, 'budget')).toBeCloseTo(sum(campaigns, 'budget'), 6);
    expect(sum(rows, 'clics')).toBe(sum(campaigns, 'clics'));
    expect(sum(rows, 'nb_posts')).toBe(posts.length);
    expect(sum(rows, 'volume_mentions')).toBe(sum(posts, 'volume_mentions'));
    expect(rows.map((r) => [r.date, r.canal, r.nb_campagnes, r.budget, r.nb_posts, r.score_sentiment])).toEqual([
      ['2024-01-01', 'Facebook', 2, 1600.5, 2, 0],
      ['2024-01-01', 'Google Ads', 1, 300, 0, null],
      ['2024-01-02', 'E-mailing', 1, 0, 0, null],
      ['2024-01-02', null, 0, 0, 1, 0],
      [LOGICAL_DATE, 'TikTok', 0, 0, 1, 0],
    ]);
    expect(rows[0]!.ctr as number).toBeCloseTo(520 / 11000, 12);
    expect(rows[2]!.ctr).toBeNull();
  });

  test('mart_Produits_Favoris: favourites and sales per product, every product present', async () => {
    const rows = await table('mart_Produits_Favoris', 'id_produit');
    expect(rows.map((r) => [r.id_produit, r.nb_favoris, r.nb_acheteurs_favori, r.taux_achat_favori, r.quantite_vendue, r.chiffre_affaires]))
      .toEqual([
        ['P00001', 1, 1, 1, 2, 107.82],
        ['P00002', 1, 1, 1, 1, 159.99],
        ['P00003', 1, 0, 0, 3, 30],
        ['P00020', 2, 0, 0, 0, 0],
        ['P01000', 2, 1, 0.5, 4, 80],
      ]);
  });

  test('mart_Metriques_Entrepots: orders, delays and machines per warehouse; no division by zero', async () => {
    const rows = await table('mart_Metriques_Entrepots', 'id_entrepot');
    expect(rows.map((r) => [r.id_entrepot, r.nb_commandes, r.nb_commandes_annulees, r.delai_livraison_moyen_jours,
      r.nb_machines, r.temps_arret_total, r.volume_traite_total, r.nb_mois_machine_en_panne, r.taux_remplissage])).toEqual([
      ['E001', 4, 1, 3, 1, 24, 1900, 1, 0.75],
      ['E002', 2, 0, 5.5, 2, 0, 10, 0, null],
      ['E003', 1, 0, null, 1, 48, 500, 0, null],
    ]);
    expect(rows[0]!.uptime_moyen as number).toBeCloseTo((1 - 1 / 29 + 1) / 2, 12);
    expect(rows[1]!.uptime_moyen).toBeNull();
  });

  test('mart_Metriques_Machines: one row per machine with its latest state and totals', async () => {
    const rows = await table('mart_Metriques_Machines', 'id_machine');
    expect(rows.map((r) => [r.id_machine, r.id_entrepot, r.localisation, r.type_machine, r.dernier_etat, r.nb_mois,
      r.premier_mois, r.dernier_mois, r.temps_arret_total, r.nb_mois_en_panne, r.nb_mois_en_maintenance])).toEqual([
      ['ME001001', 'E001', 'Paris', 'Tri', 'Service', 2, '2024-02-01', '2024-03-01', 24, 1, 0],
      ['ME002001', 'E002', 'Saint-Étienne', 'Autre', 'Maintenance', 1, null, null, null, 0, 1],
      ['ME002002', 'E002', 'Saint-Étienne', 'Stockage', 'Autre', 1, '2024-04-01', '2024-04-01', null, 0, 0],
      ['ME003001', 'E003', 'Lyon', 'Conditionnement', 'Service', 1, '2019-12-01', '2019-12-01', 48, 0, 0],
    ]);
  });
});

describe('schema files', () => {
  test('every check at severity error passes; the planted dirt trips exactly the expected warnings', async () => {
    const failingWarnings: string[] = [];
    for (const model of typed.models) {
      const relation = model.key.split('.').map((p) => `"${p}"`).join('.');
      for (const check of model.checks) {
        if (check.type !== 'sql') continue;
        const failing = await query(typed.conn, `SELECT count(*) AS n FROM (${check.failingRows(relation, dialects.duckdb)}) AS f`);
        const n = Number(failing[0]!.n);
        if (check.severity === 'error') expect(n, `${model.key}: ${check.name}`).toBe(0);
        else if (n > 0) failingWarnings.push(`${model.key.split('.')[1]}: ${check.name}`);
      }
    }
    expect(failingWarnings.sort()).toEqual([
      'Campagnes: expression_is_true(budget > 0 AND impressions > 0 AND clics > 0 AND conversions > 0)',
      'Campagnes: not_null(budget)',
      'Campagnes: not_null(ctr)',
      'Clients: expression_is_true(age < 110)',
      'Clients: not_null(email)',
      'Clients: not_null(genre)',
      'Clients: not_null(ip)',
      'Commandes: not_null(date_commande)',
      'Commandes: not_null(date_livraison_estimee)',
      'Commandes: not_null(statut_commande)',
      'Commandes: relationships(id_promotion)',
      'Details_commandes: not_null(quantite)',
      'Entrepots: expression_is_true(capacite_max > volume_stocke)',
      "Entrepots_Machines: expression_is_true(etat_machine <> 'Autre' AND type_machine <> 'Autre')",
      'Entrepots_Machines: not_null(date)',
      'Entrepots_Machines: not_null(temps_d_arret)',
      'Entrepots_Machines: not_null(volume_traite)',
      'Posts: not_null(sentiment_global)',
      "Produits: expression_is_true(categorie <> 'Autre')",
      'Produits: not_null(prix)',
      'Satisfaction: not_null(note_client)',
    ]);
  });

  test('primary keys are tested not null and unique, ids by their format', () => {
    const checks = (name: string) => typed.models.find((m) => m.key === `carttrend_clean.${name}`)!.checks.map((c) => c.name);
    for (const [model, key] of [['Clients', 'id_client'], ['Commandes', 'id_commande'], ['Entrepots', 'id_entrepot'],
      ['Produits', 'id_produit'], ['Promotions', 'id_promotion'], ['Satisfaction', 'id_satisfaction'], ['Posts', 'id_post']] as const) {
      expect(checks(model)).toContain(`not_null(${key})`);
      expect(checks(model)).toContain(`unique(${key})`);
    }
    for (const [model, key] of [['Clients', 'id_client'], ['Entrepots', 'id_entrepot'], ['Entrepots_Machines', 'id_machine'],
      ['Produits', 'id_produit'], ['Promotions', 'id_promotion'], ['Campagnes', 'id_campagne']] as const) {
      expect(checks(model)).toContain(`matches_pattern(${key})`);
    }
  });
});

describe('BigQuery rendering', () => {
  const models = () => loadModels('bigquery');

  test('each model matches its golden file (UPDATE_GOLDEN=1 rewrites them)', () => {
    const update = process.env.UPDATE_GOLDEN === '1';
    if (update) fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    for (const model of models()) {
      const file = path.join(GOLDEN_DIR, `${model.key.split('.')[1]}.sql`);
      const rendered = `${model.sql!.trim()}\n`;
      if (update) fs.writeFileSync(file, rendered);
      expect(fs.existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/sql-models.test.ts`).toBe(true);
      expect(rendered, model.key).toBe(fs.readFileSync(file, 'utf8'));
    }
    const goldens = fs.readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(goldens).toEqual(models().map((m) => `${m.key.split('.')[1]}.sql`).sort());
  });

  test('BigQuery SQL quotes relations with backticks and uses no DuckDB-only function', () => {
    for (const model of models()) {
      expect(model.sql, model.key).toMatch(/`carttrend_clean\.|`google_drive\./);
      expect(model.sql, model.key).not.toMatch(/"carttrend_clean"|"google_drive"/);
      expect(model.sql, model.key).not.toMatch(/\b(TRY_CAST|regexp_matches|string_split|list_transform|strip_accents|generate_series|isodow|VARCHAR|DOUBLE)\b/);
      expect(model.sql, model.key).not.toMatch(/regexp_replace\([^)]*'g'\)/i);
    }
  });
});
