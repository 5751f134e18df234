package entities

// countryCodes lists the ISO 3166-1 alpha-2 codes of every country and
// territory, plus Kosovo (XK). Their names in en, es, fr and ar come from
// CLDR through golang.org/x/text/language/display; countryFixes below
// replaces a CLDR name only where newspapers write something else.
const countryCodes = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL
BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA
UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`

// placeFix is a country whose CLDR names differ from press usage. An empty
// name keeps CLDR's. Aliases are "lang:alias"; an alias is matched in text
// of its language (English ones everywhere, as agencies write them).
type placeFix struct {
	code, en, es, fr, ar string
	aliases              []string
}

// countryFixes: newspaper usage (style guides of the AP, the BBC, EFE, Le
// Monde and Al Jazeera), where CLDR's display name is not what stories say.
var countryFixes = []placeFix{
	{code: "US", aliases: []string{"en:US", "en:U.S.", "en:USA", "en:America", "es:EE. UU.", "es:EEUU", "es:EE.UU.", "es:EUA", "fr:USA", "fr:Amérique", "ar:أمريكا", "ar:أميركا", "ar:الولايات المتحدة الأمريكية", "ar:الولايات المتحدة الأميركية"}},
	{code: "GB", aliases: []string{"en:UK", "en:U.K.", "en:Britain", "en:Great Britain", "es:Gran Bretaña", "fr:Grande-Bretagne", "ar:بريطانيا"}},
	{code: "AE", aliases: []string{"en:UAE", "en:Emirates", "es:EAU", "fr:EAU", "ar:الإمارات"}},
	{code: "SA", es: "Arabia Saudita", aliases: []string{"es:Arabia Saudí", "ar:السعودية"}},
	{code: "CD", en: "Democratic Republic of the Congo", es: "República Democrática del Congo", fr: "République démocratique du Congo", ar: "جمهورية الكونغو الديمقراطية", aliases: []string{"en:DR Congo", "en:DRC", "es:RDC", "fr:RDC", "fr:Congo-Kinshasa"}},
	{code: "CG", en: "Republic of the Congo", es: "República del Congo", fr: "Congo-Brazzaville", ar: "جمهورية الكونغو", aliases: []string{"en:Congo-Brazzaville"}},
	{code: "MM", en: "Myanmar", es: "Myanmar", fr: "Birmanie", ar: "ميانمار", aliases: []string{"en:Burma", "es:Birmania", "fr:Myanmar", "ar:بورما"}},
	{code: "HK", en: "Hong Kong", es: "Hong Kong", fr: "Hong Kong", ar: "هونغ كونغ"},
	{code: "MO", en: "Macau", es: "Macao", fr: "Macao", ar: "ماكاو", aliases: []string{"en:Macao"}},
	{code: "PS", en: "Palestine", es: "Palestina", fr: "Palestine", ar: "فلسطين", aliases: []string{"en:Palestinian Territories", "es:Territorios Palestinos", "fr:Territoires palestiniens", "ar:الأراضي الفلسطينية"}},
	{code: "CZ", en: "Czech Republic", es: "República Checa", fr: "République tchèque", aliases: []string{"en:Czechia", "es:Chequia", "fr:Tchéquie"}},
	{code: "MK", en: "North Macedonia", es: "Macedonia del Norte", fr: "Macédoine du Nord", ar: "مقدونيا الشمالية"},
	{code: "SZ", en: "Eswatini", es: "Esuatini", fr: "Eswatini", ar: "إسواتيني", aliases: []string{"en:Swaziland", "es:Suazilandia", "fr:Swaziland", "ar:سوازيلاند"}},
	{code: "TR", aliases: []string{"en:Türkiye", "es:Turquía", "ar:تركيا"}},
	{code: "CI", en: "Ivory Coast", es: "Costa de Marfil", fr: "Côte d'Ivoire", aliases: []string{"en:Côte d'Ivoire", "es:Côte d'Ivoire"}},
	{code: "NL", aliases: []string{"en:the Netherlands", "en:Holland", "es:Holanda"}},
	{code: "VA", en: "Vatican", es: "Vaticano", fr: "Vatican", ar: "الفاتيكان", aliases: []string{"en:Vatican City", "es:Ciudad del Vaticano"}},
	{code: "DK", ar: "الدنمارك", aliases: []string{"ar:الدانمرك"}},
	{code: "TL", en: "East Timor", ar: "تيمور الشرقية", aliases: []string{"en:Timor-Leste"}},
	{code: "BA", en: "Bosnia and Herzegovina", aliases: []string{"en:Bosnia", "es:Bosnia", "fr:Bosnie"}},
	{code: "AG", en: "Antigua and Barbuda"},
	{code: "KN", en: "Saint Kitts and Nevis"},
	{code: "LC", en: "Saint Lucia"},
	{code: "VC", en: "Saint Vincent and the Grenadines"},
	{code: "BL", en: "Saint Barthélemy"},
	{code: "MF", en: "Saint Martin"},
	{code: "SH", en: "Saint Helena"},
	{code: "PM", en: "Saint Pierre and Miquelon"},
	{code: "ST", en: "São Tomé and Príncipe"},
	{code: "TT", en: "Trinidad and Tobago"},
	{code: "TC", en: "Turks and Caicos Islands"},
	{code: "WF", en: "Wallis and Futuna"},
	{code: "SJ", en: "Svalbard and Jan Mayen"},
	{code: "HM", en: "Heard and McDonald Islands"},
	{code: "GS", en: "South Georgia and the South Sandwich Islands"},
	{code: "UM", en: "United States Minor Outlying Islands"},
	{code: "FM", aliases: []string{"fr:Micronésie"}},
	{code: "BN", fr: "Brunei", aliases: []string{"fr:Brunéi Darussalam"}},
	{code: "SY", aliases: []string{"ar:سورية"}},
	{code: "OM", ar: "سلطنة عمان", aliases: []string{"ar:عُمان"}},
	{code: "KR", aliases: []string{"ar:كوريا الجنوبية"}},
	{code: "SV", fr: "Salvador", aliases: []string{"fr:El Salvador"}},
	{code: "RE", fr: "La Réunion", aliases: []string{"fr:Réunion"}},
	{code: "GR", aliases: []string{"ar:اليونان"}},
	{code: "IS", aliases: []string{"ar:أيسلندا"}},
	{code: "MQ", ar: "المارتينيك"},
	{code: "MV", ar: "جزر المالديف", aliases: []string{"ar:المالديف"}},
	{code: "KM", aliases: []string{"ar:القمر"}},
	{code: "XK", aliases: []string{"ar:كوسوفو"}},
}

// regions are places newspapers name as often as countries: continents,
// the nations of the United Kingdom and a few regions, written from the
// same style guides as countryFixes. Format: en|es|fr|ar|aliases.
const regionRows = `
Europe|Europa|Europe|أوروبا|ar:اوروبا
Africa|África|Afrique|أفريقيا|ar:إفريقيا
Asia|Asia|Asie|آسيا|
Latin America|América Latina|Amérique latine|أمريكا اللاتينية|es:Latinoamérica;ar:أميركا اللاتينية
Middle East|Oriente Medio|Moyen-Orient|الشرق الأوسط|es:Oriente Próximo
England|Inglaterra|Angleterre|إنجلترا|ar:انجلترا
Scotland|Escocia|Écosse|اسكتلندا|
Wales|Gales|pays de Galles|ويلز|es:País de Gales;fr:Pays de Galles
Northern Ireland|Irlanda del Norte|Irlande du Nord|أيرلندا الشمالية|
Flanders|Flandes|Flandre|فلاندرز|fr:Flandres
Wallonia|Valonia|Wallonie|والونيا|
Catalonia|Cataluña|Catalogne|كتالونيا|
Andalusia|Andalucía|Andalousie|الأندلس|
Quebec|Quebec|Québec|كيبيك|
Gaza Strip|Franja de Gaza|bande de Gaza|قطاع غزة|
West Bank|Cisjordania|Cisjordanie|الضفة الغربية|
Sinai|Sinaí|Sinaï|سيناء|
Sahel|Sahel|Sahel|منطقة الساحل|
`

// cityRows are capitals and large cities newspapers name, in en, es, fr
// and ar, written by hand from each language's usual press spelling (the
// same style guides; Arabic as Al Jazeera and Asharq Al-Awsat write them).
// Cities whose name is their country's (Singapore, Kuwait) are left to the
// country. Format: en|es|fr|ar|aliases, aliases as "lang:alias;...".
const cityRows = `
Kabul|Kabul|Kaboul|كابول|
Tirana|Tirana|Tirana|تيرانا|
Algiers|Argel|Alger|الجزائر العاصمة|
Oran|Orán|Oran|وهران|
Luanda|Luanda|Luanda|لواندا|
Buenos Aires|Buenos Aires|Buenos Aires|بوينس آيرس|
Córdoba|Córdoba|Cordoue|قرطبة|en:Cordoba
Yerevan|Ereván|Erevan|يريفان|
Canberra|Canberra|Canberra|كانبرا|
Sydney|Sídney|Sydney|سيدني|
Melbourne|Melbourne|Melbourne|ملبورن|
Vienna|Viena|Vienne|فيينا|
Baku|Bakú|Bakou|باكو|
Manama|Manama|Manama|المنامة|
Dhaka|Daca|Dacca|دكا|
Minsk|Minsk|Minsk|مينسك|
Brussels|Bruselas|Bruxelles|بروكسل|
Antwerp|Amberes|Anvers|أنتويرب|
La Paz|La Paz|La Paz|لاباز|
Sarajevo|Sarajevo|Sarajevo|سراييفو|
Brasília|Brasilia|Brasilia|برازيليا|
São Paulo|São Paulo|São Paulo|ساو باولو|
Rio de Janeiro|Río de Janeiro|Rio de Janeiro|ريو دي جانيرو|
Sofia|Sofía|Sofia|صوفيا|
Ouagadougou|Uagadugú|Ouagadougou|واغادوغو|
Phnom Penh|Nom Pen|Phnom Penh|بنوم بنه|
Yaoundé|Yaundé|Yaoundé|ياوندي|
Douala|Duala|Douala|دوالا|
Ottawa|Ottawa|Ottawa|أوتاوا|
Toronto|Toronto|Toronto|تورنتو|
Montreal|Montreal|Montréal|مونتريال|
Vancouver|Vancouver|Vancouver|فانكوفر|
Santiago|Santiago|Santiago|سانتياغو|es:Santiago de Chile
Beijing|Pekín|Pékin|بكين|
Shanghai|Shanghái|Shanghai|شنغهاي|
Shenzhen|Shenzhen|Shenzhen|شنتشن|
Bogotá|Bogotá|Bogota|بوغوتا|
Medellín|Medellín|Medellín|ميديلين|
Cali|Cali|Cali|كالي|
Kinshasa|Kinsasa|Kinshasa|كينشاسا|
Goma|Goma|Goma|غوما|
Brazzaville|Brazzaville|Brazzaville|برازافيل|
Zagreb|Zagreb|Zagreb|زغرب|
Havana|La Habana|La Havane|هافانا|
Nicosia|Nicosia|Nicosie|نيقوسيا|
Prague|Praga|Prague|براغ|
Copenhagen|Copenhague|Copenhague|كوبنهاغن|
Santo Domingo|Santo Domingo|Saint-Domingue|سانتو دومينغو|
Quito|Quito|Quito|كيتو|
Guayaquil|Guayaquil|Guayaquil|غواياكيل|
Cairo|El Cairo|Le Caire|القاهرة|es:Cairo;fr:Caire
Alexandria|Alejandría|Alexandrie|الإسكندرية|
Giza|Guiza|Gizeh|الجيزة|
Luxor|Luxor|Louxor|الأقصر|
Aswan|Asuán|Assouan|أسوان|
Port Said|Puerto Saíd|Port-Saïd|بورسعيد|ar:بور سعيد
Suez|Suez|Suez|السويس|
San Salvador|San Salvador|San Salvador|سان سلفادور|
Tallinn|Tallin|Tallinn|تالين|
Addis Ababa|Adís Abeba|Addis-Abeba|أديس أبابا|
Asmara|Asmara|Asmara|أسمرة|
Helsinki|Helsinki|Helsinki|هلسنكي|
Paris|París|Paris|باريس|
Marseille|Marsella|Marseille|مرسيليا|en:Marseilles
Lyon|Lyon|Lyon|ليون|
Toulouse|Toulouse|Toulouse|تولوز|
Bordeaux|Burdeos|Bordeaux|بوردو|
Nice|Niza|Nice|نيس|
Strasbourg|Estrasburgo|Strasbourg|ستراسبورغ|
Lille|Lille|Lille|ليل|
Le Havre|El Havre|Le Havre|لوهافر|
Libreville|Libreville|Libreville|ليبرفيل|
Tbilisi|Tiflis|Tbilissi|تبليسي|
Berlin|Berlín|Berlin|برلين|
Hamburg|Hamburgo|Hambourg|هامبورغ|
Munich|Múnich|Munich|ميونخ|
Frankfurt|Fráncfort|Francfort|فرانكفورت|
Accra|Acra|Accra|أكرا|
Athens|Atenas|Athènes|أثينا|
Conakry|Conakri|Conakry|كوناكري|
Port-au-Prince|Puerto Príncipe|Port-au-Prince|بورت أو برنس|
Tegucigalpa|Tegucigalpa|Tegucigalpa|تيغوسيغالبا|
Budapest|Budapest|Budapest|بودابست|
Reykjavik|Reikiavik|Reykjavik|ريكيافيك|
New Delhi|Nueva Delhi|New Delhi|نيودلهي|en:Delhi;es:Delhi;fr:Delhi;ar:دلهي;ar:نيودلهي
Mumbai|Bombay|Bombay|مومباي|en:Bombay;es:Mumbai;fr:Mumbai
Kolkata|Calcuta|Calcutta|كولكاتا|en:Calcutta
Bangalore|Bangalore|Bangalore|بنغالور|en:Bengaluru
Jakarta|Yakarta|Jakarta|جاكرتا|
Tehran|Teherán|Téhéran|طهران|
Baghdad|Bagdad|Bagdad|بغداد|
Basra|Basora|Bassorah|البصرة|
Mosul|Mosul|Mossoul|الموصل|
Erbil|Erbil|Erbil|أربيل|
Dublin|Dublín|Dublin|دبلن|
Jerusalem|Jerusalén|Jérusalem|القدس|
Tel Aviv|Tel Aviv|Tel-Aviv|تل أبيب|
Gaza|Gaza|Gaza|غزة|
Ramallah|Ramala|Ramallah|رام الله|
Rome|Roma|Rome|روما|
Milan|Milán|Milan|ميلانو|
Naples|Nápoles|Naples|نابولي|
Tokyo|Tokio|Tokyo|طوكيو|
Osaka|Osaka|Osaka|أوساكا|
Amman|Amán|Amman|عمّان|
Aqaba|Áqaba|Aqaba|العقبة|
Nairobi|Nairobi|Nairobi|نيروبي|
Mombasa|Mombasa|Mombasa|مومباسا|
Beirut|Beirut|Beyrouth|بيروت|
Tripoli|Trípoli|Tripoli|طرابلس|
Benghazi|Bengasi|Benghazi|بنغازي|
Vilnius|Vilna|Vilnius|فيلنيوس|
Riga|Riga|Riga|ريغا|
Kuala Lumpur|Kuala Lumpur|Kuala Lumpur|كوالالمبور|
Bamako|Bamako|Bamako|باماكو|
Nouakchott|Nuakchot|Nouakchott|نواكشوط|
Mexico City|Ciudad de México|Mexico|مكسيكو سيتي|
Guadalajara|Guadalajara|Guadalajara|غوادالاخارا|
Monterrey|Monterrey|Monterrey|مونتيري|
Tijuana|Tijuana|Tijuana|تيخوانا|
Chisinau|Chisináu|Chisinau|كيشيناو|
Ulaanbaatar|Ulán Bator|Oulan-Bator|أولان باتور|
Rabat|Rabat|Rabat|الرباط|
Casablanca|Casablanca|Casablanca|الدار البيضاء|
Tangier|Tánger|Tanger|طنجة|en:Tangiers
Marrakesh|Marrakech|Marrakech|مراكش|en:Marrakech
Fez|Fez|Fès|فاس|
Agadir|Agadir|Agadir|أكادير|
Maputo|Maputo|Maputo|مابوتو|
Kathmandu|Katmandú|Katmandou|كاتماندو|
Amsterdam|Ámsterdam|Amsterdam|أمستردام|
The Hague|La Haya|La Haye|لاهاي|
Rotterdam|Róterdam|Rotterdam|روتردام|
Wellington|Wellington|Wellington|ولينغتون|
Auckland|Auckland|Auckland|أوكلاند|
Managua|Managua|Managua|ماناغوا|
Niamey|Niamey|Niamey|نيامي|
Abuja|Abuja|Abuja|أبوجا|
Lagos|Lagos|Lagos|لاغوس|
Pyongyang|Pionyang|Pyongyang|بيونغ يانغ|
Oslo|Oslo|Oslo|أوسلو|
Muscat|Mascate|Mascate|مسقط|
Islamabad|Islamabad|Islamabad|إسلام آباد|
Karachi|Karachi|Karachi|كراتشي|
Lahore|Lahore|Lahore|لاهور|
Asunción|Asunción|Asuncion|أسونسيون|
Lima|Lima|Lima|ليما|
Manila|Manila|Manille|مانيلا|
Warsaw|Varsovia|Varsovie|وارسو|
Lisbon|Lisboa|Lisbonne|لشبونة|
Porto|Oporto|Porto|بورتو|es:Porto
Doha|Doha|Doha|الدوحة|
Bucharest|Bucarest|Bucarest|بوخارست|
Moscow|Moscú|Moscou|موسكو|
Saint Petersburg|San Petersburgo|Saint-Pétersbourg|سانت بطرسبرغ|en:St Petersburg
Kigali|Kigali|Kigali|كيغالي|
Riyadh|Riad|Riyad|الرياض|
Jeddah|Yeda|Djeddah|جدة|en:Jedda;es:Jeddah
Mecca|La Meca|La Mecque|مكة المكرمة|ar:مكة;en:Makkah
Medina|Medina|Médine|المدينة المنورة|
Dammam|Dammam|Dammam|الدمام|
Dakar|Dakar|Dakar|داكار|
Belgrade|Belgrado|Belgrade|بلغراد|
Freetown|Freetown|Freetown|فريتاون|
Monrovia|Monrovia|Monrovia|مونروفيا|
Cotonou|Cotonú|Cotonou|كوتونو|
Lomé|Lomé|Lomé|لومي|
Bratislava|Bratislava|Bratislava|براتيسلافا|
Ljubljana|Liubliana|Ljubljana|ليوبليانا|
Mogadishu|Mogadiscio|Mogadiscio|مقديشو|
Pretoria|Pretoria|Pretoria|بريتوريا|
Johannesburg|Johannesburgo|Johannesburg|جوهانسبرغ|
Cape Town|Ciudad del Cabo|Le Cap|كيب تاون|
Seoul|Seúl|Séoul|سول|
Juba|Yuba|Djouba|جوبا|
Madrid|Madrid|Madrid|مدريد|
Barcelona|Barcelona|Barcelone|برشلونة|
Valencia|Valencia|Valence|فالنسيا|
Seville|Sevilla|Séville|إشبيلية|
Bilbao|Bilbao|Bilbao|بلباو|
Málaga|Málaga|Malaga|مالقة|
Khartoum|Jartum|Khartoum|الخرطوم|
Stockholm|Estocolmo|Stockholm|ستوكهولم|
Bern|Berna|Berne|برن|
Geneva|Ginebra|Genève|جنيف|
Zurich|Zúrich|Zurich|زيورخ|
Damascus|Damasco|Damas|دمشق|
Aleppo|Alepo|Alep|حلب|
Taipei|Taipéi|Taipei|تايبيه|
Dar es Salaam|Dar es Salaam|Dar es Salaam|دار السلام|
Bangkok|Bangkok|Bangkok|بانكوك|
Tunis|Túnez|Tunis|تونس العاصمة|
Ankara|Ankara|Ankara|أنقرة|
Istanbul|Estambul|Istanbul|إسطنبول|
Kampala|Kampala|Kampala|كمبالا|
Kyiv|Kiev|Kiev|كييف|en:Kiev;es:Kyiv;fr:Kyiv
Abu Dhabi|Abu Dabi|Abou Dabi|أبوظبي|ar:أبو ظبي;es:Abu Dhabi;fr:Abou Dhabi
Dubai|Dubái|Dubaï|دبي|
Sharjah|Sharjah|Charjah|الشارقة|
London|Londres|Londres|لندن|
Manchester|Mánchester|Manchester|مانشستر|
Edinburgh|Edimburgo|Édimbourg|إدنبرة|
Washington|Washington|Washington|واشنطن|
New York|Nueva York|New York|نيويورك|
Los Angeles|Los Ángeles|Los Angeles|لوس أنجلوس|
Chicago|Chicago|Chicago|شيكاغو|
San Francisco|San Francisco|San Francisco|سان فرانسيسكو|
Miami|Miami|Miami|ميامي|
Houston|Houston|Houston|هيوستن|
Boston|Boston|Boston|بوسطن|
Montevideo|Montevideo|Montevideo|مونتيفيديو|
Tashkent|Taskent|Tachkent|طشقند|
Caracas|Caracas|Caracas|كاراكاس|
Hanoi|Hanói|Hanoï|هانوي|
Ho Chi Minh City|Ciudad Ho Chi Minh|Hô-Chi-Minh-Ville|مدينة هو تشي منه|
Yangon|Rangún|Rangoun|يانغون|
Sanaa|Saná|Sanaa|صنعاء|
Aden|Adén|Aden|عدن|
Lusaka|Lusaka|Lusaka|لوساكا|
Harare|Harare|Harare|هراري|
Abidjan|Abiyán|Abidjan|أبيدجان|
N'Djamena|Yamena|N'Djamena|نجامينا|
Antananarivo|Antananarivo|Antananarivo|أنتاناناريفو|
Colombo|Colombo|Colombo|كولومبو|
Astana|Astaná|Astana|أستانا|
Almaty|Almaty|Almaty|ألماتي|
Valletta|La Valeta|La Valette|فاليتا|
San José|San José|San José|سان خوسيه|
`
