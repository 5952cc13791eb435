/**
 * Words the sample data is made of: enumerations exactly as delivered
 * (DATA.md section 1), names with accents, and per-category catalogues.
 */

export const GENDERS = ['Homme', 'Femme'] as const;
export const ORDER_STATUSES = ['En transit', 'Annulée', 'Validée', 'Livrée'] as const;
export const PAYMENT_MODES = ['PayPal', 'Virement bancaire', 'Carte de crédit'] as const;
export const MACHINE_TYPES = ['Tri', 'Maintenance', 'Transport', 'Stockage', 'Conditionnement'] as const;
export const MACHINE_STATES = ['En service', 'En panne', 'En maintenance'] as const;
export const CAMPAIGN_CHANNELS = ['E-mailing', 'Facebook', 'Google Ads', 'Instagram'] as const;
export const SOCIAL_CHANNELS = ['TikTok', 'Twitter', 'LinkedIn', 'Facebook', 'Instagram'] as const;
export const SENTIMENTS = ['Positif', 'Neutre', 'Négatif'] as const;
export const EVENT_TYPES = ['Noël', 'Soldes', 'Black Friday', 'Aucun'] as const;
export const PROMOTION_TYPES = ['Pourcentage', 'Remise fixe'] as const;
export const COMPLAINT_TYPES = ['Product', 'Customer Service', 'Price', 'Delivery'] as const;

export const FIRST_NAMES_F = ['Amélie', 'Béatrice', 'Camille', 'Chloé', 'Céline', 'Élodie', 'Émilie', 'Hélène',
  'Inès', 'Jeanne', 'Joséphine', 'Léa', 'Léonie', 'Louise', 'Manon', 'Margaux', 'Mélanie', 'Noémie', 'Océane',
  'Renée', 'Sophie', 'Zoé', 'Anaïs', 'Gaëlle', 'Marie', 'Claire', 'Juliette', 'Agnès', 'Françoise', 'Lucie'] as const;
export const FIRST_NAMES_M = ['Adrien', 'André', 'Antoine', 'Benoît', 'Clément', 'Damien', 'Émile', 'Étienne',
  'François', 'Frédéric', 'Gérard', 'Hugo', 'Jérôme', 'Julien', 'Léo', 'Louis', 'Mathéo', 'Maël', 'Noël',
  'Raphaël', 'René', 'Sébastien', 'Théo', 'Thomas', 'Valéry', 'Yannick', 'Joël', 'Loïc', 'Cédric', 'Nicolas'] as const;
export const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand',
  'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'García', 'David', 'Bertrand', 'Roux', 'Vincent',
  'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François',
  'Martínez', 'Légaré', 'Bézier', 'Châtelain', 'Crémieux', 'Delacroix', 'Fabre', 'Guérin', 'Hébert', 'Joly',
  'Lemaître', 'Noël', 'Pérez', 'Rivière', 'Séguin', 'Thévenin', 'Vidal', 'Bourgeois', 'Côté', 'Gauthier', 'Perrin'] as const;
export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.fr', 'hotmail.fr', 'orange.fr', 'free.fr', 'laposte.net',
  'outlook.com', 'sfr.fr', 'example.org', 'wanadoo.fr'] as const;

/** Warehouses: city, and a mean temperature around which each one sits. */
export const WAREHOUSE_SITES = [
  { city: 'Paris', temperature: 16 }, { city: 'Lyon', temperature: 17 }, { city: 'Marseille', temperature: 23 },
  { city: 'Toulouse', temperature: 20 }, { city: 'Lille', temperature: 12 }, { city: 'Bordeaux', temperature: 19 },
  { city: 'Nantes', temperature: 15 }, { city: 'Strasbourg', temperature: 11 }, { city: 'Nice', temperature: 24 },
  { city: 'Rennes', temperature: 14 },
] as const;

export interface CategoryCatalogue {
  readonly name: string;
  /** Price range in euros (drawn log-uniformly). */
  readonly price: readonly [number, number];
  /** Share of order lines in this category: Mode and Livres dominate baskets, as in the report. */
  readonly lineShare: number;
  readonly brands: readonly string[];
  readonly subcategories: readonly string[];
  readonly items: readonly string[];
  readonly variations: readonly string[];
}

export const CATEGORIES: readonly CategoryCatalogue[] = [
  { name: 'Mode', price: [12, 180], lineShare: 0.30, brands: ['Lacoste', 'Zara', 'Petit Bateau', 'Le Coq Sportif', 'Célio', 'Sézane'],
    subcategories: ['Chaussures', 'Vêtements', 'Accessoires', 'Sacs'], items: ['Chemise', 'Robe', 'Jean', 'Veste', 'Baskets', 'Écharpe', 'Pull', 'Manteau'],
    variations: ['Taille S', 'Taille M', 'Taille L', 'Taille XL', 'Bleu', 'Noir', 'Écru'] },
  { name: 'Livres', price: [5, 45], lineShare: 0.24, brands: ['Gallimard', 'Hachette', 'Flammarion', 'Actes Sud', 'Éditions du Seuil'],
    subcategories: ['Roman', 'Bande dessinée', 'Essai', 'Jeunesse', 'Cuisine'], items: ['Roman', 'Album', 'Guide', 'Recueil', 'Manuel', 'Encyclopédie'],
    variations: ['Poche', 'Broché', 'Relié', 'Édition collector'] },
  { name: 'Sports', price: [10, 350], lineShare: 0.12, brands: ['Decathlon', 'Rossignol', 'Salomon', 'Babolat', 'Lafuma'],
    subcategories: ['Chaussures', 'Fitness', 'Randonnée', 'Cyclisme', 'Raquettes'], items: ['Ballon', 'Raquette', 'Tapis', 'Sac à dos', 'Gourde', 'Vélo', 'Haltères'],
    variations: ['Taille unique', 'Junior', 'Adulte', 'Rouge', 'Vert'] },
  { name: 'Électronique', price: [20, 1500], lineShare: 0.10, brands: ['Samsung', 'Apple', 'Sony', 'Archos', 'Thomson', 'Parrot'],
    subcategories: ['Téléphonie', 'Audio', 'Informatique', 'Photo', 'TV'], items: ['Casque', 'Écouteurs', 'Smartphone', 'Tablette', 'Enceinte', 'Chargeur', 'Téléviseur'],
    variations: ['64 Go', '128 Go', '256 Go', 'Noir', 'Blanc'] },
  { name: 'Maison', price: [8, 500], lineShare: 0.035, brands: ['Le Creuset', 'Moulinex', 'SEB', 'Tefal', 'Habitat'],
    subcategories: ['Cuisine', 'Décoration', 'Linge', 'Rangement'], items: ['Poêle', 'Cafetière', 'Lampe', 'Coussin', 'Vase', 'Plaid', 'Étagère'],
    variations: ['Petit modèle', 'Grand modèle', 'Gris', 'Crème'] },
  { name: 'Alimentation', price: [2, 40], lineShare: 0.017, brands: ['Bonne Maman', 'Lindt', 'Fauchon', 'Mariage Frères', 'Président'],
    subcategories: ['Épicerie fine', 'Boissons', 'Confiserie'], items: ['Thé', 'Chocolat', 'Confiture', 'Café', 'Biscuits', 'Miel'],
    variations: ['250 g', '500 g', '1 kg', 'Bio'] },
  { name: 'Beauté', price: [5, 120], lineShare: 0.016, brands: ["L'Oréal", 'Nuxe', 'Caudalie', 'Yves Rocher', 'Clarins'],
    subcategories: ['Soin', 'Maquillage', 'Parfum', 'Cheveux'], items: ['Crème', 'Sérum', 'Parfum', 'Shampooing', 'Rouge à lèvres', 'Huile'],
    variations: ['30 ml', '50 ml', '100 ml', 'Peau sèche'] },
  { name: 'Jouets', price: [8, 150], lineShare: 0.014, brands: ['Lego', 'Playmobil', 'Vilac', 'Djeco', 'Smoby'],
    subcategories: ['Jeux de société', 'Construction', 'Peluches', 'Éveil'], items: ['Puzzle', 'Peluche', 'Jeu', 'Poupée', 'Circuit', 'Coffret'],
    variations: ['3 ans et +', '6 ans et +', '8 ans et +'] },
];

/** Category names a catalogue may also contain by mistake; staging maps them to `Autre`. */
export const UNKNOWN_CATEGORIES = ['Jardin', 'Bricolage'] as const;

export const ADJECTIVES = ['Classique', 'Premium', 'Essentiel', 'Vintage', 'Compact', 'Éco', 'Prestige', 'Élégant'] as const;

export const PROMOTION_MANAGERS = ['Camille Martin', 'Hélène Dubois', 'Julien Moreau', 'Léa Fournier',
  'Sébastien Roux', 'Noémie Girard', 'Théo Lambert', 'Agnès Mercier'] as const;

/** Words for satisfaction comments (English, as delivered), grouped by tone so word counts mean something. */
export const COMMENT_WORDS = {
  positive: {
    adjectives: ['great', 'excellent', 'perfect', 'fast', 'amazing', 'good', 'reliable', 'beautiful'],
    phrases: ['Would buy again.', 'Highly recommend.', 'Very happy with my order.', 'Exactly as described.'],
  },
  neutral: {
    adjectives: ['okay', 'average', 'correct', 'decent', 'acceptable', 'standard'],
    phrases: ['Nothing special.', 'Does the job.', 'As expected.', 'Could be better.'],
  },
  negative: {
    adjectives: ['late', 'damaged', 'poor', 'slow', 'broken', 'expensive', 'disappointing', 'missing'],
    phrases: ['Very disappointed.', 'Will not order again.', 'Support never answered.', 'Asked for a refund.'],
  },
  subjects: ['product', 'delivery', 'quality', 'price', 'packaging', 'service', 'support', 'size', 'colour'],
} as const;

/** Pieces of French social-media posts. */
export const POST_WORDS = {
  openers: ['Découvrez', 'Profitez de', 'Ne manquez pas', 'Exclusivité :', 'Nouveauté :', 'Dernier jour pour'],
  offers: ['nos nouveautés', 'la collection d’hiver', 'nos prix réduits', 'la livraison offerte', 'nos coffrets cadeaux',
    'les meilleures ventes', 'notre sélection été'],
  reactions: ['Merci pour vos retours !', 'Qu’en pensez-vous ?', 'Stock limité.', 'Livraison en 48 h.',
    'Service client à l’écoute.', 'Rupture de stock, désolé.', 'Retard de livraison en cours de résolution.'],
  hashtags: ['#Carttrend', '#Shopping', '#BonPlan', '#Noël', '#Soldes', '#BlackFriday', '#Nouveauté'],
} as const;
