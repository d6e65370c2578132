import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { FORM_SCREENS } from './definition/index.ts';
import type { FormData, FormValue } from './definition/predicates.ts';
import { type Field, flattenFields } from './definition/types.ts';
import {
  addressLabel,
  declarantEmailOf,
  draftChecksum,
  type MappedSignalement,
  mapDraftToSignalement,
  usagerEmails,
} from './payload-mapper.ts';

/**
 * Reference draft payloads of the original service (désordres answers left out: the désordres mapping has its
 * own tests), as they were saved by its form. `adapt` turns them into what our engine stores.
 */
const REFERENCE: Record<string, Record<string, unknown>> = {
  locataire: {
    profil: 'locataire',
    currentStep: 'informations_complementaires',
    bail_dpe_dpe: 'oui',
    bail_dpe_classe_energetique: 'G',
    bail_dpe_bail: 'oui',
    type_logement_rdc: 'non',
    bail_dpe_dpe_upload: ['Capture-d-ecran-dpe-1.png', 'Capture-d-ecran-dpe-2.png'],
    bail_dpe_etat_des_lieux_upload: ['Capture-d-ecran-dpe-3.png'],
    bail_dpe_bail_upload: ['Capture-d-ecran-bail-1.png', 'Capture-d-ecran-bail-2.png'],
    zone_concernee_zone: 'batiment_logement',
    type_logement_nature: 'appartement',
    uuidSignalementDraft: '00000000-0000-0000-2023-locataire001',
    bail_dpe_etat_des_lieux: 'oui',
    adresse_logement_adresse: '33 Rue des phoceens 13002 Marseille',
    coordonnees_bailleur_nom: '13 HABITAT',
    coordonnees_bailleur_prenom: 'Sandrine',
    coordonnees_bailleur_email: 'sandrine@signal-logement.fr',
    coordonnees_bailleur_tel: '0644784516',
    coordonnees_bailleur_tel_countrycode: 'FR:33',
    coordonnees_bailleur_tel_secondaire: '0644784517',
    coordonnees_bailleur_tel_secondaire_countrycode: 'FR:33',
    coordonnees_bailleur_adresse_suggestion: '10 Rue du 14 Juillet',
    coordonnees_bailleur_adresse: '10 rue du 14 juillet 64000 Pau',
    coordonnees_bailleur_adresse_detail_numero: '10 rue du 14 juillet',
    coordonnees_bailleur_adresse_detail_code_postal: '64000',
    coordonnees_bailleur_adresse_detail_commune: 'Pau',
    coordonnees_bailleur_adresse_detail_insee: '64445',
    coordonnees_bailleur_adresse_detail_geoloc_lng: -0.378335,
    coordonnees_bailleur_adresse_detail_geoloc_lat: 43.292324,
    bail_dpe_date_emmenagement: '2020-10-01',
    logement_social_allocation: 'oui',
    signalement_concerne_profil: 'logement_occupez',
    type_logement_commodites_wc: 'oui',
    type_logement_dernier_etage: 'non',
    composition_logement_enfants: 'oui',
    vos_coordonnees_occupant_nom: 'Locataire Nom',
    vos_coordonnees_occupant_tel: '0644784515',
    vos_coordonnees_occupant_tel_countrycode: 'FR:33',
    utilisation_service_ok_visite: 1,
    composition_logement_nb_pieces: '2',
    logement_social_date_naissance: '1970-10-01',
    vos_coordonnees_occupant_email: 'locataire-01@signal-logement.fr',
    composition_logement_superficie: '45',
    info_procedure_bailleur_prevenu: 'oui',
    info_procedure_bail_moyen: 'courrier',
    info_procedure_bail_date: '11/2024',
    info_procedure_bail_reponse: 'Réponse du bailleur',
    info_procedure_bail_numero: 'R-TR45',
    vos_coordonnees_occupant_prenom: 'Locataire Prenom',
    type_logement_commodites_cuisine: 'oui',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    composition_logement_piece_unique: 'plusieurs_pieces',
    logement_social_allocation_caisse: 'caf',
    travailleur_social_accompagnement: 'oui',
    vos_coordonnees_occupant_civilite: 'mme',
    info_procedure_assurance_contactee: 'oui',
    info_procedure_reponse_assurance: 'Dossier reçu',
    logement_social_demande_relogement: 'oui',
    logement_social_montant_allocation: '300',
    logement_social_numero_allocataire: '12345678',
    travailleur_social_quitte_logement: 'non',
    adresse_logement_adresse_suggestion: '33 rue des phoceen',
    info_procedure_depart_apres_travaux: 'oui',
    type_logement_commodites_wc_cuisine: 'non',
    type_logement_sous_sol_sans_fenetre: 'non',
    adresse_logement_adresse_detail_insee: '13202',
    composition_logement_nombre_enfants: '1',
    composition_logement_nombre_personnes: '3',
    adresse_logement_adresse_detail_numero: '33 Rue des phoceens',
    type_logement_commodites_salle_de_bain: 'oui',
    adresse_logement_adresse_detail_commune: 'Marseille',
    utilisation_service_ok_demande_logement: 1,
    vos_coordonnees_occupant_tel_secondaire: '3621161',
    vos_coordonnees_occupant_tel_secondaire_countrycode: 'KM:269',
    utilisation_service_ok_prevenir_bailleur: 1,
    utilisation_service_ok_cgu: 1,
    adresse_logement_complement_adresse_etage: '5',
    adresse_logement_adresse_detail_geoloc_lat: 43.302242,
    adresse_logement_adresse_detail_geoloc_lng: 5.367851,
    adresse_logement_adresse_detail_code_postal: '13002',
    signalement_concerne_profil_detail_occupant: 'locataire',
    adresse_logement_complement_adresse_escalier: 'A',
    desordres_logement_chauffage_details_dpe_annee: 'post2023',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    type_logement_commodites_salle_de_bain_collective: 'oui',
    informations_complementaires_logement_montant_loyer: '500',
    informations_complementaires_logement_nombre_etages: '5',
    adresse_logement_complement_adresse_numero_appartement: '124',
    message_administration:
      "En tant que locataire responsable, je tiens à garantir la sécurité et le bien-être de ma famille, y compris mon enfant en bas âge, qui est particulièrement vulnérable à ces problèmes.\n\nJ'ai déjà soumis une demande d'intervention pour résoudre ces problèmes, mais malheureusement, il semble que cela n'ait pas été traité dans les délais appropriés. Je tiens à rappeler que ces problèmes sont non seulement inconfortables mais aussi dangereux pour la sécurité et la santé de ma famille.\n\nJe vous implore de prendre des mesures immédiates pour résoudre ces problèmes en envoyant des professionnels qualifiés pour réparer les problèmes électriques et éliminer les infestations d'insectes. La sécurité et le bien-être de ma famille sont ma priorité absolue.\n\nJe vous remercie de votre attention à cette question urgente et j'attends une réponse et une action rapides de votre part. Je suis disposé à coopérer pleinement pour faciliter toute intervention nécessaire.",
    informations_complementaires_logement_annee_construction: '1970',
    informations_complementaires_situation_occupants_beneficiaire_fsl: 'non',
    informations_complementaires_situation_occupants_beneficiaire_rsa: 'non',
  },
  locataire_validation: {
    uuidSignalementDraft: '00000000-0000-0000-2023-locataire002',
    currentStep: 'validation_signalement',
    adresse_logement_adresse_suggestion: '88 rue de la république Marseille',
    adresse_logement_adresse: '88 Rue de la republique 13002 Marseille',
    adresse_logement_adresse_detail_numero: '88 Rue de la republique',
    adresse_logement_adresse_detail_code_postal: '13002',
    adresse_logement_adresse_detail_commune: 'Marseille',
    adresse_logement_adresse_detail_insee: '13202',
    adresse_logement_adresse_detail_geoloc_lng: 5.368984,
    adresse_logement_adresse_detail_geoloc_lat: 43.30282,
    adresse_logement_complement_adresse_etage: '2',
    adresse_logement_complement_adresse_escalier: 'B2',
    adresse_logement_complement_adresse_numero_appartement: '114',
    adresse_logement_complement_adresse_autre: 'Euroméditerranée',
    signalement_concerne_profil: 'logement_occupez',
    signalement_concerne_profil_detail_occupant: 'locataire',
    signalement_concerne_logement_social_autre_tiers: 'non',
    profil: 'locataire',
    vos_coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_occupant_tel_secondaire_countrycode: 'FR:33',
    vos_coordonnees_occupant_civilite: 'mr',
    vos_coordonnees_occupant_nom: 'Doe',
    vos_coordonnees_occupant_prenom: 'John',
    vos_coordonnees_occupant_email: 'locataire-02@signal-logement.fr',
    vos_coordonnees_occupant_tel: '0611121314',
    vos_coordonnees_occupant_tel_secondaire: '0612131415',
    coordonnees_bailleur_tel_countrycode: 'FR:33',
    coordonnees_bailleur_tel_secondaire_countrycode: 'FR:33',
    coordonnees_bailleur_nom: 'Euroméditerranée',
    coordonnees_bailleur_prenom: 'Jack',
    coordonnees_bailleur_email: 'euromediterranee@signal-logement.fr',
    coordonnees_bailleur_tel: '0611894563',
    coordonnees_bailleur_tel_secondaire: '0611457869',
    coordonnees_bailleur_adresse_suggestion: '12 rue de la Salle',
    coordonnees_bailleur_adresse: '12 Rue de la Salle 54000 Nancy',
    coordonnees_bailleur_adresse_detail_numero: '12 Rue de la Salle',
    coordonnees_bailleur_adresse_detail_code_postal: '54000',
    coordonnees_bailleur_adresse_detail_commune: 'Nancy',
    coordonnees_bailleur_adresse_detail_insee: '54395',
    coordonnees_bailleur_adresse_detail_geoloc_lng: 6.189852,
    coordonnees_bailleur_adresse_detail_geoloc_lat: 48.686671,
    zone_concernee_zone: 'logement',
    zone_concernee_debut_desordres: 'months_6_to_12',
    type_logement_nature: 'appartement',
    type_logement_rdc: 'non',
    type_logement_dernier_etage: 'non',
    type_logement_sous_sol_sans_fenetre: 'non',
    composition_logement_nb_pieces: '5',
    composition_logement_nombre_personnes: '5',
    composition_logement_nombre_enfants: '3',
    composition_logement_superficie: '100',
    composition_logement_piece_unique: 'plusieurs_pieces',
    composition_logement_enfants: 'oui',
    type_logement_commodites_cuisine: 'oui',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    type_logement_commodites_salle_de_bain: 'oui',
    type_logement_commodites_wc: 'oui',
    type_logement_commodites_wc_cuisine: 'oui',
    bail_dpe_date_emmenagement: '1998-07-12',
    bail_dpe_bail: 'oui',
    bail_dpe_etat_des_lieux: 'oui',
    bail_dpe_dpe: 'oui',
    bail_dpe_classe_energetique: 'F',
    desordres_logement_chauffage_details_dpe_annee: 'post2023',
    logement_social_montant_allocation: '250',
    logement_social_demande_relogement: 'oui',
    logement_social_allocation: 'oui',
    logement_social_allocation_caisse: 'caf',
    logement_social_date_naissance: '1978-03-11',
    logement_social_numero_allocataire: '123456',
    travailleur_social_quitte_logement: 'oui',
    travailleur_social_preavis_depart: 'oui',
    travailleur_social_accompagnement: 'oui',
    info_procedure_bailleur_prevenu: 'oui',
    info_procedure_assurance_contactee: 'oui',
    info_procedure_reponse_assurance:
      'Un expert va se déplacer car tout mon mobilier est abîmé par les rongeurs',
    info_procedure_depart_apres_travaux: 'non',
    info_procedure_bail_date: '08/2025',
    info_procedure_bail_moyen: 'telephone',
    info_procedure_bail_reponse:
      "Le bailleur m'a dit qu'il allait envoyer un expert pour constater les dégâts",
    injonction_bailleur_choice: 'oui',
    utilisation_service_ok_prevenir_bailleur: 1,
    utilisation_service_ok_visite: 1,
    utilisation_service_ok_demande_logement: 1,
    utilisation_service_ok_cgu: 1,
    utilisation_service_ok_donnees_sante: 1,
    message_administration: 'Merci de prendre en considération ma demande',
    informations_complementaires_logement_montant_loyer: '700',
    informations_complementaires_logement_nombre_etages: '5',
    informations_complementaires_situation_occupants_beneficiaire_rsa: 'non',
    informations_complementaires_situation_occupants_beneficiaire_fsl: 'non',
    informations_complementaires_logement_annee_construction: '1980',
  },
  bailleur_occupant: {
    uuidSignalementDraft: '00000000-0000-0000-2023-bailleuroc02',
    currentStep: 'validation_signalement',
    adresse_logement_adresse_suggestion: '33 rue des phocéen',
    adresse_logement_adresse: '33 Rue des phoceens 13002 Marseille',
    adresse_logement_adresse_detail_numero: '33 Rue des phoceens',
    adresse_logement_adresse_detail_code_postal: '13002',
    adresse_logement_adresse_detail_commune: 'Marseille',
    adresse_logement_adresse_detail_insee: '13202',
    adresse_logement_adresse_detail_geoloc_lng: 43.302242,
    adresse_logement_adresse_detail_geoloc_lat: 5.367851,
    adresse_logement_complement_adresse_etage: '3',
    adresse_logement_complement_adresse_escalier: 'B5',
    adresse_logement_complement_adresse_numero_appartement: '115',
    adresse_logement_complement_adresse_autre: 'Phocéa Habitat',
    signalement_concerne_profil: 'logement_occupez',
    signalement_concerne_profil_detail_occupant: 'bailleur_occupant',
    signalement_concerne_profil_detail_bailleur_proprietaire: 'particulier',
    signalement_concerne_logement_social_autre_tiers: 'non',
    profil: 'bailleur_occupant',
    vos_coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_occupant_tel_secondaire_countrycode: 'FR:33',
    vos_coordonnees_occupant_civilite: 'mr',
    vos_coordonnees_occupant_nom: 'Mari',
    vos_coordonnees_occupant_prenom: 'Julien',
    vos_coordonnees_occupant_email: 'bailleur_occupant-02@signal-logement.fr',
    vos_coordonnees_occupant_tel: '0699999999',
    zone_concernee_zone: 'logement',
    type_logement_nature: 'maison',
    composition_logement_nb_pieces: 1,
    composition_logement_nombre_personnes: '3',
    composition_logement_superficie: '51',
    composition_logement_piece_unique: 'piece_unique',
    composition_logement_nombre_enfants: '1',
    composition_logement_enfants: 'oui',
    type_logement_commodites_cuisine: 'oui',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    type_logement_commodites_salle_de_bain: 'oui',
    type_logement_commodites_wc: 'oui',
    type_logement_commodites_wc_cuisine: 'non',
    bail_dpe_date_emmenagement: '2020-12-10',
    bail_dpe_dpe: 'oui',
    bail_dpe_classe_energetique: 'B',
    logement_social_montant_allocation: null,
    logement_social_demande_relogement: 'non',
    logement_social_allocation: 'non',
    travailleur_social_quitte_logement: 'non',
    travailleur_social_accompagnement: 'non',
    info_procedure_assurance_contactee: 'non',
    info_procedure_depart_apres_travaux: 'oui',
    utilisation_service_ok_demande_logement: 1,
    utilisation_service_ok_visite: 1,
    utilisation_service_ok_cgu: 1,
    informations_complementaires_logement_nombre_etages: null,
    informations_complementaires_situation_occupants_revenu_fiscal: null,
  },
  tiers_particulier: {
    profil: 'tiers_particulier',
    currentStep: 'desordres_logement_aeration',
    type_logement_rdc: 'oui',
    zone_concernee_zone: 'logement',
    type_logement_nature: 'appartement',
    uuidSignalementDraft: '00000000-0000-0000-2023-tierspart001',
    adresse_logement_adresse: '31 Rue des phoceens 13002 Marseille',
    coordonnees_bailleur_nom: '13 Habitat',
    coordonnees_occupant_nom: 'Proche',
    coordonnees_occupant_tel: '0611574854',
    coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_tiers_nom: 'Proche Tiers Particulier',
    vos_coordonnees_tiers_tel: '0611571631',
    vos_coordonnees_tiers_tel_countrycode: 'FR:33',
    coordonnees_occupant_email: 'proche@signal-logement.fr',
    logement_social_allocation: 'oui',
    vos_coordonnees_tiers_lien: 'proche',
    coordonnees_occupant_prenom: 'Proche',
    signalement_concerne_profil: 'autre_logement',
    type_logement_commodites_wc: 'oui',
    type_logement_dernier_etage: 'non',
    vos_coordonnees_tiers_email: 'tiers_particulier-01@signal-logement.fr',
    composition_logement_enfants: 'non',
    coordonnees_bailleur_adresse: '80 Rue albe 13004 Marseille',
    vos_coordonnees_tiers_prenom: 'Proche Tiers Particulier',
    composition_logement_nb_pieces: 1,
    logement_social_date_naissance: '1987-10-10',
    composition_logement_superficie: '25',
    type_logement_commodites_cuisine: 'non',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    composition_logement_piece_unique: 'piece_unique',
    logement_social_allocation_caisse: 'caf',
    travailleur_social_accompagnement: 'oui',
    logement_social_montant_allocation: null,
    travailleur_social_quitte_logement: 'oui',
    adresse_logement_adresse_suggestion: '31 rue des phoceen',
    coordonnees_occupant_tel_secondaire: '0148568956',
    coordonnees_occupant_tel_secondaire_countrycode: 'FR:33',
    type_logement_commodites_wc_cuisine: 'non',
    vos_coordonnees_tiers_tel_secondaire: '0611574856',
    vos_coordonnees_tiers_tel_secondaire_countrycode: 'FR:33',
    adresse_logement_adresse_detail_insee: '13202',
    composition_logement_nombre_enfants: '0',
    composition_logement_nombre_personnes: '2',
    adresse_logement_adresse_detail_numero: '31 Rue des phoceens',
    type_logement_commodites_salle_de_bain: 'oui',
    adresse_logement_adresse_detail_commune: 'Marseille',
    coordonnees_bailleur_adresse_suggestion: '80 rue Albe ',
    signalement_concerne_profil_detail_tiers: 'tiers_particulier',
    adresse_logement_complement_adresse_etage: '4',
    coordonnees_bailleur_adresse_detail_insee: '13204',
    adresse_logement_adresse_detail_geoloc_lat: 43.302225,
    adresse_logement_adresse_detail_geoloc_lng: 5.367932,
    coordonnees_bailleur_adresse_detail_numero: '80 Rue albe',
    adresse_logement_adresse_detail_code_postal: '13002',
    coordonnees_bailleur_adresse_detail_commune: 'Marseille',
    type_logement_commodites_cuisine_collective: 'oui',
    coordonnees_bailleur_adresse_detail_geoloc_lat: 43.313132,
    coordonnees_bailleur_adresse_detail_geoloc_lng: 5.406046,
    coordonnees_bailleur_adresse_detail_code_postal: '13004',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    adresse_logement_complement_adresse_numero_appartement: '110',
  },
  tiers_pro: {
    profil: 'tiers_pro',
    currentStep: 'type_logement',
    type_logement_rdc: 'non',
    zone_concernee_zone: 'batiment_logement',
    type_logement_nature: 'appartement',
    uuidSignalementDraft: '00000000-0000-0000-2023-tierpro00001',
    adresse_logement_adresse: '31 Rue des phoceens 13002 Marseille',
    coordonnees_bailleur_nom: '13 Habitat',
    coordonnees_occupant_nom: 'Occupant',
    coordonnees_occupant_tel: '0611784512',
    coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_tiers_nom: 'Professionnelle',
    vos_coordonnees_tiers_tel: '0611457845',
    vos_coordonnees_tiers_tel_countrycode: 'FR:33',
    coordonnees_bailleur_email: 'bailleur@signal-logement.fr',
    coordonnees_occupant_email: 'occupant@signal-logement.fr',
    coordonnees_bailleur_prenom: 'Bailleur',
    coordonnees_occupant_prenom: 'Occupant',
    signalement_concerne_profil: 'autre_logement',
    type_logement_dernier_etage: 'oui',
    vos_coordonnees_tiers_email: 'tiers_pro-01@signal-logement.fr',
    coordonnees_bailleur_adresse: 'Rue albe 13004 Marseille',
    vos_coordonnees_tiers_prenom: 'Professionnelle',
    adresse_logement_adresse_suggestion: '31 rue des phoceens',
    vos_coordonnees_tiers_nom_organisme: '13 Habitat',
    adresse_logement_adresse_detail_insee: '13202',
    adresse_logement_adresse_detail_numero: '31 Rue des phoceens',
    type_logement_sous_comble_sans_fenetre: 'non',
    adresse_logement_adresse_detail_commune: 'Marseille',
    coordonnees_bailleur_adresse_suggestion: 'Rue ALbe mars',
    signalement_concerne_profil_detail_tiers: 'tiers_pro',
    adresse_logement_complement_adresse_etage: '3',
    coordonnees_bailleur_adresse_detail_insee: '13204',
    adresse_logement_adresse_detail_geoloc_lat: 43.302225,
    adresse_logement_adresse_detail_geoloc_lng: 5.367932,
    coordonnees_bailleur_adresse_detail_numero: 'Rue albe',
    adresse_logement_adresse_detail_code_postal: '13002',
    coordonnees_bailleur_adresse_detail_commune: 'Marseille',
    adresse_logement_complement_adresse_escalier: '',
    coordonnees_bailleur_adresse_detail_geoloc_lat: 43.310854,
    coordonnees_bailleur_adresse_detail_geoloc_lng: 5.404653,
    coordonnees_bailleur_adresse_detail_code_postal: '13004',
    signalement_concerne_logement_social_autre_tiers: 'oui',
  },
  service_secours: {
    uuidSignalementDraft: '00000000-0000-0000-2023-secours00002',
    currentStep: 'validation_signalement',
    adresse_logement_adresse_suggestion: '31 rue pierre albrand',
    adresse_logement_adresse: '31 Rue pierre albrand 13002 Marseille',
    adresse_logement_adresse_detail_numero: '31 Rue pierre albrand',
    adresse_logement_adresse_detail_code_postal: '13002',
    adresse_logement_adresse_detail_commune: 'Marseille',
    adresse_logement_adresse_detail_insee: '13202',
    adresse_logement_adresse_detail_geoloc_lng: 5.370865,
    adresse_logement_adresse_detail_geoloc_lat: 43.307426,
    signalement_concerne_profil: 'autre_logement',
    signalement_concerne_profil_detail_tiers: 'service_secours',
    signalement_concerne_logement_social_service_secours: 'oui',
    profil: 'service_secours',
    vos_coordonnees_tiers_tel_countrycode: 'FR:33',
    vos_coordonnees_tiers_tel_secondaire_countrycode: 'FR:33',
    vos_coordonnees_tiers_nom_organisme: 'Pompiers de Marseille',
    vos_coordonnees_tiers_nom: 'Mari',
    vos_coordonnees_tiers_prenom: 'Julien',
    vos_coordonnees_tiers_email: 'service_secours-02@signal-logement.fr',
    vos_coordonnees_tiers_tel: '0611121314',
    vos_coordonnees_tiers_tel_secondaire: '0699989796',
    coordonnees_occupant_tel_countrycode: 'FR:33',
    coordonnees_occupant_tel_secondaire_countrycode: 'FR:33',
    coordonnees_bailleur_tel_countrycode: 'FR:33',
    coordonnees_bailleur_tel_secondaire_countrycode: 'FR:33',
    coordonnees_bailleur_nom: 'Bailleur 13',
    zone_concernee_zone: 'logement',
    type_logement_nature: 'appartement',
    type_logement_rdc: 'oui',
    composition_logement_nb_pieces: 1,
    composition_logement_nombre_personnes: '3',
    composition_logement_superficie: '10',
    composition_logement_piece_unique: 'piece_unique',
    type_logement_commodites_cuisine: 'oui',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    type_logement_commodites_salle_de_bain: 'oui',
    type_logement_commodites_wc: 'oui',
    type_logement_commodites_wc_cuisine: 'non',
    utilisation_service_ok_prevenir_bailleur: 1,
    utilisation_service_ok_visite: 1,
    utilisation_service_ok_signalement_tiers: 1,
    utilisation_service_ok_cgu: 1,
  },
  bailleur: {
    profil: 'bailleur',
    currentStep: 'validation_signalement',
    bail_dpe_dpe: 'oui',
    bail_dpe_classe_energetique: 'F',
    bail_dpe_bail: 'oui',
    type_logement_rdc: 'non',
    zone_concernee_zone: 'logement',
    type_logement_nature: 'appartement',
    uuidSignalementDraft: '00000000-0000-0000-2023-bailleur0002',
    bail_dpe_etat_des_lieux: 'oui',
    adresse_logement_adresse: '78 Rue de la republique 13002 Marseille',
    coordonnees_occupant_nom: 'Doe',
    coordonnees_occupant_tel: '0611584512',
    vos_coordonnees_tiers_nom: 'Mari',
    vos_coordonnees_tiers_tel: '0611451278',
    coordonnees_occupant_email: 'john.doe@locataire.fr',
    logement_social_allocation: 'oui',
    coordonnees_occupant_prenom: 'John',
    signalement_concerne_profil: 'autre_logement',
    type_logement_commodites_wc: 'oui',
    type_logement_dernier_etage: 'non',
    vos_coordonnees_tiers_email: 'bailleur-02@signal-logement.fr',
    composition_logement_enfants: 'oui',
    vos_coordonnees_tiers_prenom: 'Julien',
    utilisation_service_ok_visite: 1,
    composition_logement_nb_pieces: '3',
    logement_social_date_naissance: '1985-10-10',
    composition_logement_superficie: '89',
    info_procedure_reponse_assurance: 'En attente de réponse',
    type_logement_commodites_cuisine: 'oui',
    type_logement_commodites_piece_a_vivre_9m: 'oui',
    composition_logement_piece_unique: 'plusieurs_pieces',
    logement_social_allocation_caisse: 'caf',
    travailleur_social_accompagnement: 'oui',
    info_procedure_assurance_contactee: 'oui',
    logement_social_montant_allocation: '200',
    logement_social_numero_allocataire: '1234567',
    travailleur_social_quitte_logement: 'non',
    adresse_logement_adresse_suggestion: '78 rue de la république Marseille',
    type_logement_commodites_wc_cuisine: 'non',
    type_logement_sous_sol_sans_fenetre: 'non',
    coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_tiers_tel_secondaire: '0677452536',
    adresse_logement_adresse_detail_insee: '13202',
    composition_logement_nombre_personnes: '4',
    vos_coordonnees_tiers_tel_countrycode: 'FR:33',
    adresse_logement_adresse_detail_numero: '78 Rue de la republique',
    type_logement_commodites_salle_de_bain: 'oui',
    adresse_logement_adresse_detail_commune: 'Marseille',
    signalement_concerne_profil_detail_tiers: 'bailleur',
    utilisation_service_ok_signalement_tiers: 1,
    utilisation_service_ok_cgu: 1,
    adresse_logement_complement_adresse_autre: 'Euroméditerranée',
    adresse_logement_complement_adresse_etage: '2',
    adresse_logement_adresse_detail_geoloc_lat: 43.301929,
    adresse_logement_adresse_detail_geoloc_lng: 5.369711,
    adresse_logement_adresse_detail_code_postal: '13002',
    adresse_logement_complement_adresse_escalier: 'B2',
    coordonnees_occupant_tel_secondaire_countrycode: 'FR:33',
    signalement_concerne_logement_social_autre_tiers: 'non',
    vos_coordonnees_tiers_tel_secondaire_countrycode: 'FR:33',
    informations_complementaires_logement_montant_loyer: '800',
    informations_complementaires_logement_nombre_etages: '10',
    signalement_concerne_profil_detail_bailleur_bailleur: 'particulier',
    adresse_logement_complement_adresse_numero_appartement: '114',
    message_administration: 'Cordialement',
    informations_complementaires_logement_annee_construction: '1988',
    informations_complementaires_situation_bailleur_revenu_fiscal: '40000',
    informations_complementaires_situation_occupants_loyers_payes: 'non',
    informations_complementaires_situation_bailleur_date_naissance: '1979-10-10',
    informations_complementaires_situation_bailleur_beneficiaire_fsl: 'non',
    informations_complementaires_situation_bailleur_beneficiaire_rsa: 'non',
    informations_complementaires_situation_bailleur_date_effet_bail: '1998-10-10',
  },
  bailleur_organisme: {
    profil: 'bailleur',
    currentStep: 'composition_logement',
    type_logement_rdc: 'non',
    zone_concernee_zone: 'logement',
    type_logement_nature: 'appartement',
    uuidSignalementDraft: '00000000-0000-0000-2023-bailleur0001',
    adresse_logement_adresse: '31 Rue des phoceens 13002 Marseille',
    coordonnees_occupant_nom: 'Occupant',
    coordonnees_occupant_tel: '061112131415',
    coordonnees_occupant_tel_countrycode: 'FR:33',
    vos_coordonnees_tiers_nom: 'Bailleur',
    vos_coordonnees_tiers_tel: '0600010203',
    vos_coordonnees_tiers_tel_countrycode: 'FR:33',
    coordonnees_occupant_email: 'occupant@signal-logement.fr',
    coordonnees_occupant_prenom: 'Occupant',
    signalement_concerne_profil: 'autre_logement',
    type_logement_dernier_etage: 'non',
    vos_coordonnees_tiers_email: 'bailleur-01@signal-logement.fr',
    composition_logement_enfants: 'oui',
    vos_coordonnees_tiers_prenom: 'bailleur',
    composition_logement_nb_pieces: '2',
    composition_logement_superficie: '50',
    composition_logement_piece_unique: 'plusieurs_pieces',
    adresse_logement_adresse_suggestion: '31 rue des phocees',
    type_logement_sous_sol_sans_fenetre: 'non',
    vos_coordonnees_tiers_nom_organisme: '13 Habitat',
    adresse_logement_adresse_detail_insee: '13202',
    composition_logement_nombre_enfants: '4',
    composition_logement_nombre_personnes: '6',
    adresse_logement_adresse_detail_numero: '31 Rue des phoceens',
    adresse_logement_adresse_detail_commune: 'Marseille',
    signalement_concerne_profil_detail_tiers: 'bailleur',
    adresse_logement_complement_adresse_etage: '',
    adresse_logement_adresse_detail_geoloc_lat: 43.302225,
    adresse_logement_adresse_detail_geoloc_lng: 5.367932,
    adresse_logement_adresse_detail_code_postal: '13002',
    adresse_logement_complement_adresse_escalier: '',
    signalement_concerne_logement_social_autre_tiers: 'oui',
    signalement_concerne_profil_detail_bailleur_bailleur: 'organisme_societe',
  },
};

/**
 * What our engine stores for the same answers: text values only (numbers as text, nothing for null), phones in
 * E.164, upload lists as ids, the free description under `desordres_precisions_details`.
 */
function adapt(ref: Record<string, unknown>, extra: Record<string, FormValue> = {}): FormData {
  const out: Record<string, FormValue> = {};
  for (const [key, value] of Object.entries(ref)) {
    if (value === null || value === undefined || key.endsWith('_countrycode')) continue;
    const name = key === 'message_administration' ? 'desordres_precisions_details' : key;
    if (Array.isArray(value)) out[name] = value.map(String);
    else if (typeof value === 'number') out[name] = String(value);
    else if (typeof value === 'string') out[name] = value;
  }
  for (const [key, value] of Object.entries(out)) {
    const code = ref[`${key}_countrycode`];
    if (typeof value !== 'string' || !/_tel(_secondaire)?$/.test(key) || value === '') continue;
    const country = (typeof code === 'string' ? code.split(':')[0] : 'FR') as CountryCode;
    const parsed = parsePhoneNumberFromString(value, country);
    if (parsed?.isValid()) out[key] = parsed.number;
  }
  return { ...out, ...extra };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

function pick<K extends keyof MappedSignalement>(
  m: MappedSignalement,
  keys: K[],
): Pick<MappedSignalement, K> {
  return Object.fromEntries(keys.map((k) => [k, m[k]])) as Pick<MappedSignalement, K>;
}

describe('payload mapper: reference payloads, one per profile', () => {
  test('locataire (logement social, bailleur prévenu, allocataire CAF)', () => {
    const data = adapt(REFERENCE.locataire!);
    const m = mapDraftToSignalement(data);
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'profileOccupant',
        'isNotOccupant',
        'lienDeclarantOccupant',
        'declarantNom',
        'declarantEmail',
        'declarantTel',
        'occupantCivilite',
        'occupantNom',
        'occupantPrenom',
        'occupantEmail',
        'occupantTel',
        'occupantDateNaissance',
      ]),
      {
        profileDeclarant: 'LOCATAIRE',
        profileOccupant: 'LOCATAIRE',
        isNotOccupant: false,
        lienDeclarantOccupant: null,
        declarantNom: null,
        declarantEmail: null,
        declarantTel: null,
        occupantCivilite: 'mme',
        occupantNom: 'Locataire Nom',
        occupantPrenom: 'Locataire Prenom',
        occupantEmail: 'locataire-01@signal-logement.fr',
        occupantTel: '+33644784515',
        occupantDateNaissance: '1970-10-01',
      },
    );
    assert.equal(m.occupantTelSecondaire, '+2693621161');
    assert.deepEqual(
      pick(m, [
        'adresseOccupant',
        'cpOccupant',
        'villeOccupant',
        'inseeOccupant',
        'etageOccupant',
        'escalierOccupant',
        'numAppartOccupant',
        'adresseAutreOccupant',
        'isManualAddress',
        'geolocLat',
        'geolocLng',
      ]),
      {
        adresseOccupant: '33 Rue des phoceens',
        cpOccupant: '13002',
        villeOccupant: 'Marseille',
        inseeOccupant: '13202',
        etageOccupant: '5',
        escalierOccupant: 'A',
        numAppartOccupant: '124',
        adresseAutreOccupant: null,
        isManualAddress: false,
        geolocLat: 43.302242,
        geolocLng: 5.367851,
      },
    );
    assert.deepEqual(
      pick(m, [
        'natureLogement',
        'superficie',
        'nbPiecesLogement',
        'nbNiveauxLogement',
        'anneeConstruction',
        'isConstructionAvant1949',
        'isLogementSocial',
        'nbOccupantsLogement',
        'nbAdultes',
        'nbEnfantsM6',
        'nbEnfantsP6',
        'isBailEnCours',
        'dateEntree',
        'loyer',
        'isAllocataire',
        'numAllocataire',
        'montantAllocation',
        'isPreavisDepart',
        'isRelogement',
        'isRsa',
        'isProprioAverti',
        'proprioAvertiAt',
        'isCguAccepted',
        'isCguTiersAccepted',
        'debutDesordres',
        'hasSeenDesordres',
      ]),
      {
        natureLogement: 'appartement',
        superficie: 45,
        nbPiecesLogement: 2,
        nbNiveauxLogement: 5,
        anneeConstruction: 1970,
        isConstructionAvant1949: false,
        isLogementSocial: true,
        nbOccupantsLogement: 3,
        nbAdultes: 2,
        nbEnfantsM6: 1,
        nbEnfantsP6: 0,
        isBailEnCours: true,
        dateEntree: '2020-10-01',
        loyer: 500,
        isAllocataire: 'caf',
        numAllocataire: '12345678',
        montantAllocation: 300,
        isPreavisDepart: null,
        isRelogement: true,
        isRsa: false,
        isProprioAverti: true,
        proprioAvertiAt: '2024-11-01',
        isCguAccepted: true,
        isCguTiersAccepted: null,
        debutDesordres: null,
        hasSeenDesordres: true,
      },
    );
    // Social landlord: the name is an organisation.
    assert.deepEqual(
      pick(m, [
        'typeProprio',
        'bailleurNom',
        'bailleurPrenom',
        'bailleurDenomination',
        'bailleurAdresse',
        'bailleurCodePostal',
        'bailleurVille',
        'bailleurEmail',
        'bailleurTel',
        'bailleurTelSecondaire',
      ]),
      {
        typeProprio: 'ORGANISME_SOCIETE',
        bailleurNom: null,
        bailleurPrenom: 'Sandrine',
        bailleurDenomination: '13 HABITAT',
        bailleurAdresse: '10 rue du 14 juillet',
        bailleurCodePostal: '64000',
        bailleurVille: 'Pau',
        bailleurEmail: 'sandrine@signal-logement.fr',
        bailleurTel: '+33644784516',
        bailleurTelSecondaire: '+33644784517',
      },
    );
    assert.match(m.details ?? '', /^En tant que locataire responsable/);

    const composition = json(m.typeCompositionLogement);
    assert.equal(composition.typeLogementNature, 'appartement');
    assert.equal(composition.compositionLogementEnfants, 'oui');
    assert.equal(composition.compositionLogementNombrePersonnes, '3');
    assert.equal(composition.bailDpeClasseEnergetique, 'G');
    assert.equal(composition.desordresLogementChauffageDetailsDpeAnnee, 'post2023');
    assert.equal(composition.typeLogementCommoditesSalleDeBainCollective, 'oui');
    assert.ok(!Object.keys(composition).some((k) => k.endsWith('Upload')), 'no uploads in the JSON');

    assert.deepEqual(json(m.situationFoyer), {
      logementSocialAllocation: 'oui',
      logementSocialAllocationCaisse: 'caf',
      logementSocialDateNaissance: '1970-10-01',
      logementSocialDemandeRelogement: 'oui',
      logementSocialMontantAllocation: '300',
      logementSocialNumeroAllocataire: '12345678',
      travailleurSocialAccompagnement: 'oui',
      travailleurSocialQuitteLogement: 'non',
    });
    const procedure = json(m.informationProcedure);
    assert.equal(procedure.infoProcedureBailleurPrevenu, 'oui');
    assert.equal(procedure.infoProcedureBailMoyen, 'courrier');
    assert.equal(procedure.infoProcedureBailDate, '11/2024');
    assert.equal(procedure.infoProcedureBailNumero, 'R-TR45');
    assert.equal(procedure.infoProcedureAssuranceContactee, 'oui');
    assert.equal(procedure.infoProcedureReponseAssurance, 'Dossier reçu');
    assert.equal(procedure.utilisationServiceOkCgu, '1');
    assert.deepEqual(json(m.informationComplementaire), {
      informationsComplementairesLogementAnneeConstruction: '1970',
      informationsComplementairesLogementMontantLoyer: '500',
      informationsComplementairesLogementNombreEtages: '5',
      informationsComplementairesSituationOccupantsBeneficiaireFsl: 'non',
      informationsComplementairesSituationOccupantsBeneficiaireRsa: 'non',
    });
    assert.deepEqual(usagerEmails(data), ['locataire-01@signal-logement.fr']);
    assert.equal(addressLabel(data), '33 Rue des phoceens 13002 Marseille');
  });

  test('locataire, private landlord, début des désordres, préavis, démarche accélérée chosen', () => {
    const m = mapDraftToSignalement(adapt(REFERENCE.locataire_validation!));
    assert.equal(m.isLogementSocial, false);
    assert.equal(m.typeProprio, null);
    assert.equal(m.bailleurNom, 'Euroméditerranée');
    assert.equal(m.bailleurDenomination, null);
    assert.equal(m.bailleurAdresse, '12 Rue de la Salle');
    assert.equal(m.debutDesordres, 'MONTHS_6_TO_12');
    assert.equal(m.isPreavisDepart, true);
    assert.equal(m.adresseAutreOccupant, 'Euroméditerranée');
    assert.equal(m.proprioAvertiAt, '2025-08-01');
    // Three children, without saying how many are under 6.
    assert.deepEqual(pick(m, ['nbOccupantsLogement', 'nbAdultes', 'nbEnfantsM6', 'nbEnfantsP6']), {
      nbOccupantsLogement: 5,
      nbAdultes: 2,
      nbEnfantsM6: null,
      nbEnfantsP6: null,
    });
    assert.equal(json(m.informationProcedure).injonctionBailleurChoice, 'oui');
    assert.equal(json(m.informationProcedure).utilisationServiceOkDonneesSante, '1');
    assert.equal(m.details, 'Merci de prendre en considération ma demande');
  });

  test('bailleur occupant: the owner is the occupant', () => {
    const data = adapt(REFERENCE.bailleur_occupant!);
    const m = mapDraftToSignalement(data);
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'profileOccupant',
        'isNotOccupant',
        'typeProprio',
        'occupantNom',
        'occupantEmail',
        'bailleurNom',
        'bailleurPrenom',
        'bailleurEmail',
        'bailleurTel',
        'bailleurAdresse',
        'bailleurCodePostal',
        'bailleurVille',
        'nbPiecesLogement',
        'isBailEnCours',
        'isAllocataire',
        'montantAllocation',
        'isProprioAverti',
        'nbAdultes',
        'nbEnfantsM6',
        'nbEnfantsP6',
        'natureLogement',
      ]),
      {
        profileDeclarant: 'BAILLEUR_OCCUPANT',
        profileOccupant: 'BAILLEUR_OCCUPANT',
        isNotOccupant: false,
        typeProprio: 'PARTICULIER',
        occupantNom: 'Mari',
        occupantEmail: 'bailleur_occupant-02@signal-logement.fr',
        bailleurNom: 'Mari',
        bailleurPrenom: 'Julien',
        bailleurEmail: 'bailleur_occupant-02@signal-logement.fr',
        bailleurTel: '+33699999999',
        bailleurAdresse: '33 Rue des phoceens',
        bailleurCodePostal: '13002',
        bailleurVille: 'Marseille',
        nbPiecesLogement: 1,
        isBailEnCours: null,
        isAllocataire: 'non',
        montantAllocation: null,
        isProprioAverti: null,
        nbAdultes: 2,
        nbEnfantsM6: 1,
        nbEnfantsP6: 0,
        natureLogement: 'maison',
      },
    );
    assert.equal(m.isCguAccepted, true);
    assert.deepEqual(usagerEmails(data), ['bailleur_occupant-02@signal-logement.fr']);
  });

  test('tiers particulier: declarant and occupant are two people', () => {
    const data = adapt(REFERENCE.tiers_particulier!);
    const m = mapDraftToSignalement(data);
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'profileOccupant',
        'isNotOccupant',
        'lienDeclarantOccupant',
        'declarantNom',
        'declarantPrenom',
        'declarantEmail',
        'declarantTel',
        'declarantTelSecondaire',
        'declarantStructure',
        'occupantNom',
        'occupantPrenom',
        'occupantEmail',
        'occupantTel',
        'occupantTelSecondaire',
        'isCguTiersAccepted',
        'hasSeenDesordres',
        'nbAdultes',
        'nbEnfantsM6',
        'nbEnfantsP6',
        'nbPiecesLogement',
        'bailleurDenomination',
        'bailleurAdresse',
        'bailleurCodePostal',
        'bailleurVille',
      ]),
      {
        profileDeclarant: 'TIERS_PARTICULIER',
        profileOccupant: null,
        isNotOccupant: true,
        lienDeclarantOccupant: 'PROCHE',
        declarantNom: 'Proche Tiers Particulier',
        declarantPrenom: 'Proche Tiers Particulier',
        declarantEmail: 'tiers_particulier-01@signal-logement.fr',
        declarantTel: '+33611571631',
        declarantTelSecondaire: '+33611574856',
        declarantStructure: null,
        occupantNom: 'Proche',
        occupantPrenom: 'Proche',
        occupantEmail: 'proche@signal-logement.fr',
        occupantTel: '+33611574854',
        occupantTelSecondaire: '+33148568956',
        isCguTiersAccepted: false,
        hasSeenDesordres: null,
        nbAdultes: 2,
        nbEnfantsM6: 0,
        nbEnfantsP6: 0,
        nbPiecesLogement: 1,
        bailleurDenomination: '13 Habitat',
        bailleurAdresse: '80 Rue albe',
        bailleurCodePostal: '13004',
        bailleurVille: 'Marseille',
      },
    );
    assert.equal(json(m.typeCompositionLogement).compositionLogementEnfants, 'non');
    assert.deepEqual(usagerEmails(data), [
      'tiers_particulier-01@signal-logement.fr',
      'proche@signal-logement.fr',
    ]);

    const withOurAnswers = mapDraftToSignalement(
      adapt(REFERENCE.tiers_particulier!, {
        signalement_concerne_profil_detail_profil_occupant: 'locataire',
        zone_concernee_constatation_desordres: 'non',
        utilisation_service_ok_signalement_tiers: '1',
        informations_complementaires_situation_occupants_date_emmenagement: '2019-03-01',
      }),
    );
    assert.equal(withOurAnswers.profileOccupant, 'LOCATAIRE');
    assert.equal(withOurAnswers.hasSeenDesordres, false);
    assert.equal(withOurAnswers.isCguTiersAccepted, true);
    assert.equal(withOurAnswers.dateEntree, '2019-03-01');
  });

  test('tiers pro: structure and link PRO', () => {
    const m = mapDraftToSignalement(adapt(REFERENCE.tiers_pro!));
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'lienDeclarantOccupant',
        'declarantStructure',
        'declarantNom',
        'occupantNom',
        'occupantTel',
        'bailleurDenomination',
        'bailleurPrenom',
        'bailleurEmail',
        'bailleurAdresse',
        'bailleurCodePostal',
        'etageOccupant',
        'escalierOccupant',
      ]),
      {
        profileDeclarant: 'TIERS_PRO',
        lienDeclarantOccupant: 'PRO',
        declarantStructure: '13 Habitat',
        declarantNom: 'Professionnelle',
        occupantNom: 'Occupant',
        occupantTel: '+33611784512',
        bailleurDenomination: '13 Habitat',
        bailleurPrenom: 'Bailleur',
        bailleurEmail: 'bailleur@signal-logement.fr',
        bailleurAdresse: 'Rue albe',
        bailleurCodePostal: '13004',
        etageOccupant: '3',
        escalierOccupant: null,
      },
    );
  });

  test('service de secours: structure, mission, no household questions', () => {
    const data = adapt(REFERENCE.service_secours!, {
      service_secours_matricule: 'SP12345',
      service_secours_date_mission: '2025-06-01',
      service_secours_origine_mission: 'Appel au 18',
      service_secours_ordre_mission: 'OM-4242',
    });
    const m = mapDraftToSignalement(data);
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'profileOccupant',
        'isNotOccupant',
        'lienDeclarantOccupant',
        'declarantStructure',
        'declarantMatricule',
        'declarantTelSecondaire',
        'occupantNom',
        'isLogementSocial',
        'typeProprio',
        'bailleurDenomination',
        'dateMissionServiceSecours',
        'origineMissionServiceSecours',
        'ordreMissionServiceSecours',
        'isCguAccepted',
        'isCguTiersAccepted',
        'nbOccupantsLogement',
        'nbAdultes',
        'isAllocataire',
        'superficie',
      ]),
      {
        profileDeclarant: 'SERVICE_SECOURS',
        profileOccupant: null,
        isNotOccupant: true,
        lienDeclarantOccupant: 'SECOURS',
        declarantStructure: 'Pompiers de Marseille',
        declarantMatricule: 'SP12345',
        declarantTelSecondaire: '+33699989796',
        occupantNom: null,
        isLogementSocial: true,
        typeProprio: 'ORGANISME_SOCIETE',
        bailleurDenomination: 'Bailleur 13',
        dateMissionServiceSecours: '2025-06-01',
        origineMissionServiceSecours: 'Appel au 18',
        ordreMissionServiceSecours: 'OM-4242',
        isCguAccepted: true,
        isCguTiersAccepted: true,
        nbOccupantsLogement: 3,
        nbAdultes: null,
        isAllocataire: null,
        superficie: 10,
      },
    );
    assert.deepEqual(json(m.situationFoyer), {});
    assert.deepEqual(usagerEmails(data), ['service_secours-02@signal-logement.fr']);
  });

  test('bailleur particulier: the declarant is the landlord', () => {
    const data = adapt(REFERENCE.bailleur!);
    const m = mapDraftToSignalement(data);
    assert.deepEqual(
      pick(m, [
        'profileDeclarant',
        'profileOccupant',
        'lienDeclarantOccupant',
        'declarantNom',
        'declarantStructure',
        'typeProprio',
        'bailleurNom',
        'bailleurPrenom',
        'bailleurDenomination',
        'bailleurEmail',
        'bailleurTel',
        'bailleurTelSecondaire',
        'occupantNom',
        'occupantEmail',
        'isLogementSocial',
        'nbAdultes',
        'loyer',
        'nbNiveauxLogement',
        'anneeConstruction',
      ]),
      {
        profileDeclarant: 'BAILLEUR',
        profileOccupant: 'LOCATAIRE',
        lienDeclarantOccupant: 'BAILLEUR',
        declarantNom: 'Mari',
        declarantStructure: null,
        typeProprio: 'PARTICULIER',
        bailleurNom: 'Mari',
        bailleurPrenom: 'Julien',
        bailleurDenomination: null,
        bailleurEmail: 'bailleur-02@signal-logement.fr',
        bailleurTel: '+33611451278',
        bailleurTelSecondaire: '+33677452536',
        occupantNom: 'Doe',
        occupantEmail: 'john.doe@locataire.fr',
        isLogementSocial: false,
        nbAdultes: null,
        loyer: 800,
        nbNiveauxLogement: 10,
        anneeConstruction: 1988,
      },
    );
    const complement = json(m.informationComplementaire);
    assert.equal(complement.informationsComplementairesSituationBailleurRevenuFiscal, '40000');
    assert.equal(complement.informationsComplementairesSituationOccupantsLoyersPayes, 'non');
    assert.equal(m.details, 'Cordialement');
    assert.deepEqual(usagerEmails(data), ['bailleur-02@signal-logement.fr', 'john.doe@locataire.fr']);
  });

  test('bailleur organisme: the organisation is the declarant’s structure and the landlord', () => {
    const m = mapDraftToSignalement(adapt(REFERENCE.bailleur_organisme!));
    assert.equal(m.typeProprio, 'ORGANISME_SOCIETE');
    assert.equal(m.declarantStructure, '13 Habitat');
    assert.equal(m.bailleurDenomination, '13 Habitat');
    assert.equal(m.bailleurNom, 'Bailleur');
    // 6 people, 4 children, "oui" under 6 without a count.
    assert.deepEqual(pick(m, ['nbOccupantsLogement', 'nbAdultes', 'nbEnfantsM6', 'nbEnfantsP6']), {
      nbOccupantsLogement: 6,
      nbAdultes: 2,
      nbEnfantsM6: null,
      nbEnfantsP6: null,
    });
  });
});

describe('payload mapper: our own answers and edge cases', () => {
  const base = adapt(REFERENCE.locataire!);

  test('children under 6 counted by our form', () => {
    const m = mapDraftToSignalement({
      ...base,
      composition_logement_enfants: undefined,
      composition_logement_nombre_personnes: '5',
      composition_logement_nombre_enfants: '3',
      composition_logement_nombre_enfants_m6: '2',
    });
    assert.deepEqual(pick(m, ['nbOccupantsLogement', 'nbAdultes', 'nbEnfantsM6', 'nbEnfantsP6']), {
      nbOccupantsLogement: 5,
      nbAdultes: 2,
      nbEnfantsM6: 2,
      nbEnfantsP6: 1,
    });
    assert.equal(json(m.typeCompositionLogement).compositionLogementEnfants, 'oui');
    const none = mapDraftToSignalement({
      ...base,
      composition_logement_enfants: undefined,
      composition_logement_nombre_enfants: '2',
      composition_logement_nombre_enfants_m6: '0',
    });
    assert.equal(json(none.typeCompositionLogement).compositionLogementEnfants, 'non');
  });

  test('inconsistent counts never give negative numbers', () => {
    const m = mapDraftToSignalement({
      ...base,
      composition_logement_nombre_personnes: '2',
      composition_logement_nombre_enfants: '4',
      composition_logement_nombre_enfants_m6: '9',
    });
    assert.equal(m.nbAdultes, null);
    assert.equal(m.nbEnfantsM6, null);
    assert.equal(m.nbEnfantsP6, null);
  });

  test('DPE consumption, décimales and manual address', () => {
    const m = mapDraftToSignalement({
      ...base,
      composition_logement_superficie: '45.5',
      desordres_logement_chauffage_details_dpe_annee: 'before2023',
      desordres_logement_chauffage_details_dpe_conso: '12000',
      adresse_logement_adresse_detail_manual: '1',
      adresse_logement_adresse_detail_ban_id: '13202_1234_00033',
    });
    assert.equal(m.superficie, 45.5);
    assert.equal(m.isManualAddress, true);
    assert.equal(m.banIdOccupant, '13202_1234_00033');
    const composition = json(m.typeCompositionLogement);
    assert.equal(composition.desordresLogementChauffageDetailsDpeAnnee, 'before2023');
    assert.equal(composition.desordresLogementChauffageDetailsDpeConso, '12000');
  });

  test('agency, only when the person said there is one', () => {
    const agence = {
      coordonnees_agence_nom: 'Agence du Port',
      coordonnees_agence_email: 'Contact@Agence.example',
      coordonnees_agence_tel: '+33491000000',
      coordonnees_agence_adresse: '1 Quai du Port 13002 Marseille',
    };
    const m = mapDraftToSignalement({ ...base, coordonnees_bailleur_agence: 'oui', ...agence });
    assert.deepEqual(
      pick(m, [
        'agenceDenomination',
        'agenceEmail',
        'agenceTel',
        'agenceAdresse',
        'agenceCodePostal',
        'agenceVille',
      ]),
      {
        agenceDenomination: 'Agence du Port',
        agenceEmail: 'contact@agence.example',
        agenceTel: '+33491000000',
        agenceAdresse: '1 Quai du Port',
        agenceCodePostal: '13002',
        agenceVille: 'Marseille',
      },
    );
    assert.equal(
      mapDraftToSignalement({ ...base, coordonnees_bailleur_agence: 'non', ...agence }).agenceDenomination,
      null,
    );
  });

  test('malformed values never reach typed columns', () => {
    const m = mapDraftToSignalement({
      ...base,
      bail_dpe_date_emmenagement: '2020-02-30',
      informations_complementaires_logement_annee_construction: '19',
      composition_logement_superficie: 'grand',
      info_procedure_bail_date: '13/2024',
      zone_concernee_debut_desordres: 'hier',
    });
    assert.equal(m.dateEntree, null);
    assert.equal(m.anneeConstruction, null);
    assert.equal(m.isConstructionAvant1949, null);
    assert.equal(m.superficie, null);
    assert.equal(m.proprioAvertiAt, null);
    assert.equal(m.debutDesordres, null);
  });

  test('answers left over from another profile are ignored', () => {
    const m = mapDraftToSignalement({
      ...base,
      vos_coordonnees_tiers_nom: 'Ancien',
      vos_coordonnees_tiers_email: 'ancien@example.org',
      vos_coordonnees_tiers_nom_organisme: 'Ancienne structure',
    });
    assert.equal(m.declarantNom, null);
    assert.equal(m.declarantStructure, null);
    assert.deepEqual(usagerEmails({ ...base, vos_coordonnees_tiers_email: 'ancien@example.org' }), [
      'locataire-01@signal-logement.fr',
    ]);
  });

  test('a payload without a profile is refused loudly', () => {
    assert.throws(() => mapDraftToSignalement({ ...base, profil: undefined }), /profil/);
    assert.throws(() => mapDraftToSignalement({ ...base, profil: 'inconnu' }), /profil/);
  });
});

describe('payload mapper: e-mails, checksum, address label', () => {
  const tiers = adapt(REFERENCE.tiers_pro!);

  test('usager e-mails are lower-cased and deduplicated', () => {
    assert.deepEqual(usagerEmails({ ...tiers, vos_coordonnees_tiers_email: 'Occupant@Signal-Logement.fr' }), [
      'occupant@signal-logement.fr',
    ]);
    assert.deepEqual(usagerEmails({ ...tiers, coordonnees_occupant_email: undefined }), [
      'tiers_pro-01@signal-logement.fr',
    ]);
  });

  test('the checksum is sha256 of the declarant e-mail and the normalised address', () => {
    const expected = createHash('sha256')
      .update('tiers_pro-01@signal-logement.fr' + '31 rue des phoceens 13002 marseille')
      .digest('hex');
    assert.equal(draftChecksum(tiers), expected);
    assert.equal(declarantEmailOf(tiers), 'tiers_pro-01@signal-logement.fr');
    // Case, accents and punctuation do not matter; another address or another person does.
    assert.equal(
      draftChecksum({
        ...tiers,
        vos_coordonnees_tiers_email: 'TIERS_PRO-01@signal-logement.fr',
        adresse_logement_adresse_detail_numero: '31, Rue des Phocéens',
      }),
      expected,
    );
    assert.notEqual(
      draftChecksum({ ...tiers, adresse_logement_adresse_detail_numero: '32 Rue des phoceens' }),
      expected,
    );
    assert.notEqual(draftChecksum({ ...tiers, vos_coordonnees_tiers_email: 'autre@example.org' }), expected);
    assert.match(draftChecksum(base()), /^[0-9a-f]{64}$/);
  });

  function base(): FormData {
    return adapt(REFERENCE.locataire!);
  }

  test('address label from the parts, or from the full line alone', () => {
    assert.equal(addressLabel(tiers), '31 Rue des phoceens 13002 Marseille');
    assert.equal(
      addressLabel({ adresse_logement_adresse: '4 Rue du Mas Saint Joseph 13104 Arles' }),
      '4 Rue du Mas Saint Joseph 13104 Arles',
    );
    const m = mapDraftToSignalement({
      profil: 'locataire',
      adresse_logement_adresse: '4 Rue du Mas Saint Joseph 13104 Arles',
    });
    assert.deepEqual(pick(m, ['adresseOccupant', 'cpOccupant', 'villeOccupant']), {
      adresseOccupant: '4 Rue du Mas Saint Joseph',
      cpOccupant: '13104',
      villeOccupant: 'Arles',
    });
    assert.equal(addressLabel({}), '');
  });
});

describe('payload mapper: field names shared with the form definition', () => {
  /** Keys of the reference payloads that are not form fields of ours, and why. */
  const NOT_FIELDS = new Set([
    'profil', // derived
    'composition_logement_enfants', // derived from the counts
    'currentStep',
    'uuidSignalementDraft',
    'lienSuivi',
    'signalementReference',
    'message_administration', // ours: desordres_precisions_details (désordres block)
    'coordonnees_bailleur_nom_autocomplete', // social landlord picker: a plain text field for now
    'coordonnees_bailleur_nom_autocomplete_textfield',
    'injonction_bailleur_choice', // démarche accélérée: not in scope, kept by the mapper
  ]);

  test('every answer of the reference payloads has a field of the same name in our form', () => {
    const inputs = new Set(
      FORM_SCREENS.flatMap((s) => flattenFields(s.fields as readonly Field[])).map((f) => f.name),
    );
    const addresses = FORM_SCREENS.flatMap((s) => flattenFields(s.fields))
      .filter((f) => f.kind === 'address')
      .map((f) => f.name);
    const unknown = new Set<string>();
    for (const ref of Object.values(REFERENCE)) {
      for (const key of Object.keys(ref)) {
        if (NOT_FIELDS.has(key) || key.endsWith('_countrycode') || key.endsWith('_suggestion')) continue;
        if (addresses.some((a) => key.startsWith(`${a}_detail_`))) continue;
        if (!inputs.has(key)) unknown.add(key);
      }
    }
    assert.deepEqual([...unknown].sort(), []);
  });
});
