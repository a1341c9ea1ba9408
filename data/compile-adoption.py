#!/usr/bin/env python3
"""Compiles data/adoption.json (and the notes in locales/en/data.json, and the arithmetic
section of data/SOURCES.md) from the sourced figures below. Run: python3 data/compile-adoption.py

Every value is the share of ADULTS in an age bracket who use the channel:
    adults(age) = internet use(age) x share of internet users who use the channel(age)
or, where a survey already measured adults (Pew, Ofcom, Mediascope), that figure directly.
Brackets: 18-24, 25-34, 35-44, 45-54, 55-64, 65+. Rounded to 2 decimals.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
B = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+']

# Adult population weights by bracket, used only to turn one all-adult figure into a mean
# for normalising an age shape (an assumption: a typical adult age mix, not any country's).
W = [0.13, 0.19, 0.19, 0.17, 0.15, 0.17]

SOURCES = {
    'digital2024-sg': ('Digital 2024: Singapore (We Are Social & Meltwater; GWI panel, internet users 16-64)', 2024,
                       'https://thebeat.asia/singapore/digital/updates/digital-2024-highlights-the-trends-and-behaviours-of-singaporeans-online'),
    'digital2025-sg': ('Digital 2025: Singapore (We Are Social & Meltwater; GWI panel)', 2025, 'https://campaignbriefasia.com/?p=169836'),
    'blackbox-2021': ('Blackbox Research, Singapore survey after the January 2021 WhatsApp update', 2021,
                      'https://blackbox.com.sg/everyone/communications-whatsapp-not-much'),
    'imda-2023': ('IMDA, Singapore Digital Society Report 2023 (smartphones: 97% of residents, 89% of seniors 60+)', 2023,
                  'https://theaseandaily.com/singapores-remarkable-digital-connectivity-99-internet-access-and-97-smartphone-ownership'),
    'mediascope-2024': ('Mediascope, Telegram daily reach by age in Russia, Q1 2024', 2024, 'https://dzen.ru/b/ZjkLaLQIlkH8zhMt'),
    'mediascope-2023': ('Mediascope, daily reach of Telegram and WhatsApp by age in Russia, Q1 2023', 2023,
                        'https://adindex.mirtesen.ru/blog/43481959873/-Telegram-vpervyie-okazalsya-samyim-vostrebovannyim-servisom-u-m'),
    'gwi-email-age-2024': ('GWI in the Digital 2024 Global Overview: email use by age, world (via MediaPost)', 2024,
                           'https://www.mediapost.com/publications/article/394508/the-all-embracing-internet-two-thirds-of-all-peop.html'),
    'gwi-2024-global': ('GWI Q3 2024: 75% of internet users 16+ use email services, world (via Intelpoint)', 2024,
                        'https://intelpoint.co/insights/chat-and-messaging-apps-have-the-highest-global-internet-user-engagement-at-94-5-as-of-q3-2024'),
    'eurostat-2024': ('Eurostat, Digital economy and society statistics: 80% of EU internet users sent or received email', 2024,
                      'https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Digital_economy_and_society_statistics_-_households_and_individuals'),
    'digital2024-id': ('Digital 2024: Indonesia (We Are Social & Meltwater; GWI panel)', 2024, 'https://radarmukomuko.disway.id/amp/678353/'),
    'digital2025-id': ('Digital 2025: Indonesia (We Are Social & Meltwater; GWI panel), via Disway', 2025,
                       'https://harian.disway.id/amp/924628/tren-media-dan-komunikasi-2026-1-berbasis-data-untuk-future-practices/32'),
    'apjii-2023': ('APJII, Survei Penetrasi & Perilaku Internet 2023 (chat apps used most)', 2023,
                   'https://databoks.katadata.co.id/media/statistik/6c02fba0ebf2c33/'),
    'apjii-2024': ('APJII, Survei Penetrasi Internet Indonesia 2024 (internet use by generation)', 2024,
                   'https://databoks.katadata.co.id/datapublish/2024/02/05/penetrasi-internet-generasi-milenial-tertinggi-dibanding-kelompok-usia-lainnya-di-indonesia'),
    'kic-2022': ('Kominfo & Katadata Insight Center, Status Literasi Digital 2022 (10,000 internet users 13-70, face to face)', 2022,
                 'https://databoks.katadata.co.id/teknologi-telekomunikasi/statistik/4d07ecc1af04a0d/'),
    'digital2023-my': ('Digital 2023: Malaysia (We Are Social & Meltwater; GWI panel)', 2023, 'https://www.sinardaily.my/article/197149/'),
    'digital2026-my': ('Digital 2026: Malaysia (Meltwater & We Are Social, published Dec 2025): internet use 98%', 2025,
                       'https://www.sarawaktribune.com/digital-report-shows-malaysians-among-southeast-asias-most-connected-users'),
    'dosm-ict-2022': ('DOSM, ICT Use and Access by Individuals and Households 2022: 97.4% of Malaysians 15+ use the internet', 2023,
                      'https://www.malaymail.com/news/malaysia/2023/05/31/stats-dept-household-internet-access-rate-increased-to-96pc-in-2022/71860'),
    'mycensus-2020': ('DOSM, MyCensus 2020: Social Relations (platforms of social-media account holders 15+)', 2023, 'https://kosmo.com.my/?p=491791'),
    'merdeka-2024': ('Merdeka Center, National Youth Survey 2024 (main messaging app, ages 18-30)', 2024,
                     'https://www.malaymail.com/news/malaysia/2024/09/06/survey-reveals-instagram-as-most-popular-platform-among-malaysian-youth/149502'),
    'ofcom-2023': ('Ofcom, online communication services research: 76% of UK adults used WhatsApp in the last 3 months', 2023,
                   'https://www.techdigest.tv/2023/10/whatsapp-is-uks-most-popular-messaging-app-as-traditional-texting-declines.html'),
    'ofcom-2021': ('Ofcom, Adults Media Use and Attitudes 2021: WhatsApp by age (via Dan Slee)', 2021, 'https://danslee.co.uk/tag/ofcom/'),
    'ofcom-online-nation-2023': ('Ofcom, Online Nation 2023: 7% of people 16+ and 18% of 65+ without home internet', 2023,
                                 'https://www.sgpjbg.com/baogao/153630.html'),
    'statista-telegram-2024': ('Statista Consumer Insights: regular Telegram use by country, Jul 2023-Jun 2024 (online respondents)', 2024,
                               'https://www.statista.com/chart/32923/share-of-respondents-who-regularly-use-telegram/'),
    'pew-us-2025': ("Pew Research Center, Americans' Social Media Use 2025: 32% of US adults use WhatsApp", 2025,
                    'https://www.mediapost.com/publications/article/410929/its-a-social-dilemma.html'),
    'pew-us-2023': ("Pew Research Center, Americans' Social Media Use (2023 survey): WhatsApp 29%, ages 30-49 highest", 2024,
                    'https://whitehutchinson.com/news/lenews/2024/february/article102.shtml'),
    'pew-us-2012-email': ('Pew Internet (2012): 91% of US adult internet users use email (via MediaPost)', 2012,
                          'https://www.mediapost.com/publications/article/173409/pew-data-only-6-of-teens-use-email-daily.html'),
    'pew-global-2023': ('Pew Research Center, surveys of 8 middle-income countries 2023: WhatsApp used by 50% (India) to 90% (Brazil) of adults, Telegram median 15%', 2023,
                        'https://moonshot.news/news/media-news/two-meta-owned-services-dominate-in-mid-income-nations/'),
    'pew-global-2023-detail': ('Pew Research Center 2023: Brazil WhatsApp 90%, Telegram 28%; India WhatsApp 75% of 18-29, 17% of 50+ (via Desinformante)', 2023,
                               'https://desinformante.com.br/whatsapp-facebook-sul-global'),
    'br-survey-2022': ('Survey of Brazilian internet users, 2022: social networks 99% at 16-34, 83% at 60+; WhatsApp 92%; Telegram 24%, 41% of the youngest', 2022,
                       'https://newsbulletin247.com/technology/130766.html'),
    'datareportal-2025-10': ('DataReportal, Digital 2025 October Global Statshot: 6.04 billion internet users, 73.2% of the world', 2025,
                             'https://datareportal.com/global-digital-overview'),
    'datareportal-2025-10-countries': ('DataReportal October 2025: internet use by country (via Visit Saudia)', 2025, 'https://visitsaudia.net/?p=17024'),
    'meta-q1-2025': ('Meta, Q1 2025 results: WhatsApp more than 3 billion monthly users', 2025,
                     'https://www.fairstory.ai/stories/whatsapp-now-has-more-than-3-billion-users-a-month'),
    'telegram-2025-mau': ('Telegram (Pavel Durov), March 2025: more than 1 billion monthly users', 2025,
                          'https://www.latestly.com/socially/technology/telegram-achieves-over-1-billion-monthly-active-users-ceo-pavel-durov-claims-whatsapp-burning-billions-to-slow-us-down-6722027.html'),
    'digital2024-au': ('Digital 2024: Australia (DataReportal; GWI panel, internet users 16-64): WhatsApp 44.8%, internet 94.9%', 2024,
                       'https://newsbites.hktdc.com/tips/digital-marketing/au-social/'),
    'de-smatlas-2024': ('Social-Media-Atlas 2024 (PER Agency, Toluna, IMWF): WhatsApp used by 73% of German internet users 16+', 2024,
                        'https://www.ibusiness.de/aktuell/db/631200SUR.html'),
    'bnetza-2019': ('Bundesnetzagentur, survey of online communication services, end 2019 (n=2,210)', 2020,
                    'https://computerbase.de/2020-05/bundesnetzagentur-98-prozent-juengeren-whatsapp-co.'),
    'pulse-asia-2021': ('Pulse Asia, Philippines, Sept 2021 (2,400 adults, face to face): internet 63%; WhatsApp 2%, Telegram 2%, email 20% of internet users', 2021,
                        'https://iconexecutive.asia/business-news/facebook-tops-list-of-most-used-social-media-platforms-in-the-philippines-pulse-asia-62'),
    'digital2025-ph': ('Digital 2025: Philippines (Meltwater & We Are Social): internet 83.8% of the population', 2025,
                       'https://www.noypigeeks.com/spotlight/filipinos-access-internet-global-average-study/'),
    'tns-2014-th': ('TNS Connected Life, Thailand 2014: favoured messaging app LINE 66%, WhatsApp 10%', 2014,
                    'https://www.djsresearch.co.uk/TelecommunicationsMarketResearchInsightsAndFindings/article/Thai-Internet-Users-Embrace-Mobile-Technology-Research-Shows-01695'),
    'kantar-th-2017': ('Kantar Connected Life, Thailand 2017: LINE used by 92% of connected consumers', 2017,
                       'https://sea.kantar.com/tech/social/2017/line-app-dominates-in-thailand/'),
    'nso-th-2023': ('Thailand National Statistical Office, ICT survey Q4 2023: 89.5% of Thais 6+ use the internet', 2023,
                    'https://www.nationthailand.com/thailand/general/40036030'),
    'dnr-hk-2019': ('Reuters Institute Digital News Report 2019 (YouGov), Hong Kong: WhatsApp used weekly by 85.4% of internet users', 2019,
                    'https://www.warc.com/content/article/warc-curated-datapoints/whatsapp-extends-its-lead-over-facebook-in-hong-kong/en-gb/127706'),
    'sensortower-hk-2019': ('Sensor Tower, Aug 2019: Telegram installed 1.7 million times in Hong Kong (via The Star)', 2019,
                            'https://thestar.com.my/tech/tech-news/2019/08/15/hong-kong-protests-drive-surge-in-telegram-chat-app'),
    'decisionlab-vn-2024': ('Decision Lab, Connected Consumer Q3 2024, Vietnam: Zalo 85%, Facebook 59%, Messenger 52% (via VnExpress)', 2024,
                            'https://e.vnexpress.net/news/tech/tech-news/vietnam-s-internet-messaging-rate-higher-than-global-average-4849499.html'),
    'jtb-jp-2023': ('JTB Tourism Research & Consulting, Japan smartphone survey Nov 2023: LINE used by 89.5%', 2023,
                    'https://www.moneystady.xyz/2024/01/24/communication-app-line-tops-japans-social-media-usage-survey/'),
    'cst-sa-2024': ('Communications, Space & Technology Commission (Saudi Arabia), 2024: 90% of the population use WhatsApp (via Urdu News)', 2024,
                    'https://urdunews.com/node/853746'),
    'statista-africa-2022': ('Statista 2022: WhatsApp used monthly by 95.4% (South Africa), 92% (Nigeria), 93.5% (Kenya), 89.9% (Ghana) of internet users (via Legit.ng)', 2022,
                             'https://www.legit.ng/business-economy/technology/1488853-the-features-whatsapp-pulling-africans-platform/'),
}

# --- Shapes ---------------------------------------------------------------------------------
# Telegram, Russia, Mediascope Q1 2024 daily reach: 12-24 80, 25-34 61, 35-44 57, 45-54 48,
# 55+ 26. The 55+ figure is split into 55-64 and 65+ with the Q1 2023 ratio (29:12) and a 45:55
# split of Russia's 55+ population: x*0.45 + x*(12/29)*0.55 = 26 -> x = 38.4, 65+ = 15.9.
_x = 26 / (0.45 + (12 / 29) * 0.55)
TG_RU = [80, 61, 57, 48, _x, _x * 12 / 29]
# Email, world, GWI in Digital 2024: 16-24 42.5, 25-34 46.1, 45-54 52.6, 55-64 57.6; 35-44 is
# not in the source text: interpolated (46.1+52.6)/2; 65+ is not surveyed: kept at 55-64's.
EM_GWI = [42.5, 46.1, (46.1 + 52.6) / 2, 52.6, 57.6, 57.6]


def rel16_64(shape):
    """Shape relative to its mean over 16-64 (the five first brackets): GWI levels are 16-64 means."""
    mean = sum(shape[:5]) / 5
    return [v / mean for v in shape]


def rel_adults(shape):
    """Shape relative to its adult-weighted mean (W): for all-adult figures."""
    mean = sum(w * v for w, v in zip(W, shape))
    return [v / mean for v in shape]


def r2(v):
    return round(min(max(v, 0.0), 1.0) + 1e-9, 2)


ARITH = []  # (table, channel, text) for SOURCES.md


def series(table, channel, values, sources, confidence, note, how, shape=None, level=None):
    values = [r2(v) for v in values]
    s = {
        'values': values,
        'sources': sources,
        'year': max(SOURCES[i][1] for i in sources),
        'confidence': confidence,
        'confidenceNote': note,
    }
    if shape is not None:
        s['ageShapeFrom'] = {'country': shape[0], 'year': shape[1]}
    if level is not None:
        s['levelFrom'] = {'country': level[0], 'year': level[1]}
    ARITH.append((table, channel, how, values))
    return s


def times(a, b):
    return [x * y for x, y in zip(a, b)]


def scal(k, a):
    return [k * x for x in a]


def cap(a, top=0.98):
    return [min(x, top) for x in a]


def fmt(a):
    return ' / '.join(f'{x:.2f}' for x in a)


def email_series(table, ip, level, level_src, level_label, ip_src, conf, note, level_from=None):
    share = cap(scal(level, rel16_64(EM_GWI)))
    how = (f'internet use {fmt(ip)} ({ip_src}) x email share {fmt(share)} = {level_label} x GWI 2024 age '
           f'pattern {fmt(rel16_64(EM_GWI))} (relative to its 16-64 mean; capped at 0.98)')
    srcs = list(dict.fromkeys(level_src + ['gwi-email-age-2024']))
    return series(table, 'email', times(ip, share), srcs, conf, note, how, shape=('GLOBAL', 2024), level=level_from)


def telegram_rel(table, ip, share_mean, srcs, conf, note, label, ip_src, level=None, shape=('RU', 2024)):
    share = cap(scal(share_mean, rel16_64(TG_RU)))
    how = (f'internet use {fmt(ip)} ({ip_src}) x Telegram share {fmt(share)} = {label} x Mediascope 2024 age '
           f'pattern {fmt(rel16_64(TG_RU))} (relative to its 16-64 mean)')
    return series(table, 'telegram', times(ip, share), srcs + ['mediascope-2024'], conf, note, how, shape=shape, level=level)


T = {}

# --- Singapore ------------------------------------------------------------------------------
IP_SG = [0.99, 0.99, 0.99, 0.98, 0.95, 0.85]
IP_SG_SRC = 'estimate anchored on IMDA 2023: almost all 18-59, 89% of seniors 60+ own a smartphone'
WA_SG_SHARE = [0.89, 0.92, 0.92, 0.92, 0.92, 0.92]
T['SG'] = {
    'name': 'Singapore',
    'whatsapp': series('SG', 'whatsapp', times(IP_SG, WA_SG_SHARE), ['digital2025-sg', 'digital2024-sg', 'blackbox-2021', 'imda-2023'],
                       'medium', 'medium: GWI 80.1% of internet users (2025), Blackbox 98% main app; age pattern flat except the youngest',
                       f'internet use {fmt(IP_SG)} ({IP_SG_SRC}) x WhatsApp share {fmt(WA_SG_SHARE)} (0.92 between GWI 80.1% in 2025 and Blackbox 97-98%; 18-24 a little lower)'),
    'telegram': telegram_rel('SG', IP_SG, 0.478, ['digital2024-sg'], 'low',
                             "low: the level is Singapore's own (GWI 2024: 47.8% of internet users 16-64); the age pattern is Russia's (Mediascope 2024)",
                             'GWI 2024 mean 0.478', IP_SG_SRC),
    'email': email_series('SG', IP_SG, 0.80, ['eurostat-2024', 'imda-2023'], 'Eurostat 2024 level 0.80', IP_SG_SRC, 'low',
                          "low: no current Singapore email figure found; the level is the EU's (Eurostat 2024), the age pattern the world's (GWI 2024)",
                          level_from=('R-EUR', 2024)),
}

# --- Indonesia ------------------------------------------------------------------------------
IP_ID = [0.87, 0.91, 0.93, 0.84, 0.72, 0.55]
IP_ID_SRC = 'APJII 2024 generations mapped to brackets: Gen Z 87%, Millennials 93%, Gen X 84%, Boomers 61%'
WA_ID_SHARE = [0.92, 0.92, 0.92, 0.92, 0.92, 0.89]
T['ID'] = {
    'name': 'Indonesia',
    'whatsapp': series('ID', 'whatsapp', times(IP_ID, WA_ID_SHARE), ['digital2025-id', 'digital2024-id', 'apjii-2023', 'apjii-2024', 'kic-2022'],
                       'medium', 'medium: GWI 90.8-90.9% (2024-25) and KIC 95% agree; the age slope comes from APJII internet use',
                       f'internet use {fmt(IP_ID)} ({IP_ID_SRC}) x WhatsApp share {fmt(WA_ID_SHARE)} (GWI 2024-25 90.8-90.9%, KIC 2022 95%)'),
    'telegram': telegram_rel('ID', IP_ID, 0.18, ['kic-2022', 'digital2025-id', 'digital2024-id', 'apjii-2024'], 'low',
                             'low: level from the face-to-face KIC survey of all internet users (18%, 2022); the GWI online panel (58-61%) is an upper bound; age pattern from Russia',
                             'KIC 2022 mean 0.18', IP_ID_SRC, level=('ID', 2022)),
    'email': email_series('ID', IP_ID, 0.75, ['gwi-2024-global', 'apjii-2024'], 'world level 0.75 (GWI Q3 2024)', IP_ID_SRC, 'low',
                          "low: no Indonesian email figure found; the world's online-panel level likely overstates it",
                          level_from=('GLOBAL', 2024)),
}

# --- Malaysia -------------------------------------------------------------------------------
# Internet use by age: DOSM 2022 says 97.4% of 15+; the shape below averages to 0.975 with W.
IP_MY = [1.0, 1.0, 0.99, 0.98, 0.95, 0.88]
IP_MY_SRC = 'DOSM 2022: 97.4% of 15+ online; age pattern estimated so that it averages 97.5%'
WA_MY_SHARE = [0.90, 0.90, 0.90, 0.90, 0.90, 0.87]
T['MY'] = {
    'name': 'Malaysia',
    'whatsapp': series('MY', 'whatsapp', times(IP_MY, WA_MY_SHARE), ['digital2023-my', 'mycensus-2020', 'dosm-ict-2022', 'digital2026-my', 'merdeka-2024'],
                       'medium', 'medium: GWI 89.3% (2023) and census 86.5% agree; no WhatsApp figure from Digital 2024-2026 was found',
                       f'internet use {fmt(IP_MY)} ({IP_MY_SRC}) x WhatsApp share {fmt(WA_MY_SHARE)} (GWI 2023 89.3%, census 2020 86.5%)',
                       level=('MY', 2023)),
    'telegram': telegram_rel('MY', IP_MY, 0.232, ['mycensus-2020', 'dosm-ict-2022', 'merdeka-2024'], 'low',
                             'low: level from the 2020 census (23.2% of social-media account holders 15+), not adjusted; age pattern from Russia',
                             'census 2020 mean 0.232', IP_MY_SRC, level=('MY', 2020)),
    'email': email_series('MY', IP_MY, 0.75, ['gwi-2024-global', 'dosm-ict-2022'], 'world level 0.75 (GWI Q3 2024)', IP_MY_SRC, 'low',
                          "low: no Malaysian email figure found; world level and age pattern",
                          level_from=('GLOBAL', 2024)),
}

# --- United Kingdom -------------------------------------------------------------------------
IP_GB = [0.99, 0.99, 0.99, 0.97, 0.94, 0.82]
IP_GB_SRC = 'estimate anchored on Ofcom Online Nation 2023: 93% of 16+ and 82% of 65+ have home internet'
WA_GB = [0.72, 0.80, 0.80, 0.78, 0.74, 0.64]
T['GB'] = {
    'name': 'United Kingdom',
    'whatsapp': series('GB', 'whatsapp', WA_GB, ['ofcom-2023', 'ofcom-2021'], 'medium',
                       'medium: level measured on UK adults (Ofcom 2023: 76%); age pattern only partly measured (2021: 69% at 16-24, 78% at 25-34)',
                       f'share of adults {fmt(WA_GB)}: Ofcom 2023 76% of adults, adult-weighted mean of these values 0.75; 16-24 below 25-34 as in Ofcom 2021; older ages estimated'),
    'telegram': telegram_rel('GB', IP_GB, 0.115, ['statista-telegram-2024', 'ofcom-online-nation-2023'], 'low',
                             'low: 10-13% of UK online respondents use Telegram regularly (Statista 2024); age pattern from Russia',
                             'Statista 2024 mean 0.115', IP_GB_SRC),
    'email': email_series('GB', IP_GB, 0.80, ['eurostat-2024', 'ofcom-online-nation-2023'], 'Eurostat 2024 level 0.80', IP_GB_SRC, 'low',
                          "low: no UK email figure found; the EU's level (Eurostat 2024) and the world's age pattern",
                          level_from=('R-EUR', 2024)),
}

# --- United States --------------------------------------------------------------------------
IP_US = [0.99, 0.99, 0.98, 0.96, 0.92, 0.80]
IP_US_SRC = 'estimate anchored on DataReportal Oct 2025 (93%) and Pew 2021 (25% of 65+ offline)'
WA_US = [0.35, 0.39, 0.42, 0.36, 0.30, 0.17]
T['US'] = {
    'name': 'United States',
    'whatsapp': series('US', 'whatsapp', WA_US, ['pew-us-2025', 'pew-us-2023'], 'medium',
                       'medium: level measured on US adults (Pew 2025: 32%); only the peak at 30-49 is measured, other ages estimated',
                       f'share of adults {fmt(WA_US)}: adult-weighted mean 0.33 against Pew 2025 32%; highest at 30-49 as in Pew 2023 (38% of 30-49 when all adults were 29%)'),
    'telegram': telegram_rel('US', IP_US, 0.115, ['statista-telegram-2024', 'datareportal-2025-10-countries'], 'low',
                             "low: no US Telegram figure found; the UK's share (Statista 2024) and Russia's age pattern",
                             'UK share 0.115', IP_US_SRC, level=('GB', 2024)),
    'email': email_series('US', IP_US, 0.91, ['pew-us-2012-email', 'datareportal-2025-10-countries'], 'Pew 2012 level 0.91', IP_US_SRC, 'low',
                          'low: the newest US email level found is from 2012 (Pew: 91% of internet users); age pattern from GWI 2024',
                          level_from=('US', 2012)),
}

# --- India ----------------------------------------------------------------------------------
# Pew 2023: 50% of adults; 75% of 18-29, 17% of 50+. With about 30% of adults 18-29, 40% 30-49
# and 30% 50+: 0.3*75 + 0.4*x + 0.3*17 = 50 -> x = 56 for 30-49. Brackets: 18-24 75; 25-34 mixes
# 25-29 (75) and 30-34 (56) -> 66; 35-44 56; 45-54 mixes 56 and the under-60 part of 50+ -> 40;
# 55-64 22; 65+ 10 (estimates within the 50+ average of 17).
WA_IN = [0.75, 0.66, 0.56, 0.40, 0.22, 0.10]
IP_IN = [v / 0.90 for v in WA_IN]
IP_IN_SRC = 'derived: WhatsApp adults / 0.90 (WhatsApp assumed used by 90% of Indian internet users)'
TG_IN = scal(0.5, WA_IN)
T['IN'] = {
    'name': 'India',
    'whatsapp': series('IN', 'whatsapp', WA_IN, ['pew-global-2023', 'pew-global-2023-detail'], 'medium',
                       'medium: level and age slope measured on Indian adults (Pew 2023: 50%; 75% of 18-29, 17% of 50+); split within 30-49 and 50+ estimated',
                       f'share of adults {fmt(WA_IN)} from Pew 2023: 30-49 solved as 56% from the 50% average; brackets mixed by years'),
    'telegram': series('IN', 'telegram', TG_IN, ['statista-telegram-2024', 'pew-global-2023-detail'], 'low',
                       "low: 45% of Indian online respondents use Telegram regularly (Statista 2024), about half WhatsApp's reach; age pattern India's WhatsApp pattern",
                       f'0.5 x WhatsApp adults {fmt(WA_IN)} (Statista 2024: Telegram 45% of online respondents, WhatsApp near 90% of the same population)'),
    'email': email_series('IN', IP_IN, 0.75, ['gwi-2024-global', 'pew-global-2023'], 'world level 0.75 (GWI Q3 2024)', IP_IN_SRC, 'low',
                          'low: no Indian email figure found; world level and age pattern',
                          level_from=('GLOBAL', 2024)),
}

# --- Australia ------------------------------------------------------------------------------
IP_AU = [0.99, 0.99, 0.99, 0.97, 0.93, 0.80]
IP_AU_SRC = 'estimate anchored on DataReportal 2024: 94.9% online'
WA_AU_SHARE = [0.448] * 5 + [0.40]
T['AU'] = {
    'name': 'Australia',
    'whatsapp': series('AU', 'whatsapp', times(IP_AU, WA_AU_SHARE), ['digital2024-au'], 'medium',
                       'medium: GWI 2024 44.8% of internet users 16-64 (Messenger 69.9%); no age data, taken as flat, 65+ a little lower',
                       f'internet use {fmt(IP_AU)} ({IP_AU_SRC}) x WhatsApp share {fmt(WA_AU_SHARE)}'),
    'telegram': telegram_rel('AU', IP_AU, 0.115, ['statista-telegram-2024', 'digital2024-au'], 'low',
                             "low: no Australian Telegram figure found; the UK's share (Statista 2024) and Russia's age pattern",
                             'UK share 0.115', IP_AU_SRC, level=('GB', 2024)),
    'email': email_series('AU', IP_AU, 0.80, ['eurostat-2024', 'digital2024-au'], 'Eurostat 2024 level 0.80', IP_AU_SRC, 'low',
                          "low: no Australian email level found (GWI says 75.9% of Australians 16-24 use email, against the world's age pattern used here)",
                          level_from=('R-EUR', 2024)),
}

# --- Philippines ----------------------------------------------------------------------------
IP_PH = [0.97, 0.93, 0.87, 0.78, 0.62, 0.40]
IP_PH_SRC = 'estimate anchored on Digital 2025 (83.8% online) and Pulse Asia 2021 (63% of adults); younger people more online'
T['PH'] = {
    'name': 'Philippines',
    'whatsapp': series('PH', 'whatsapp', scal(0.02, IP_PH), ['pulse-asia-2021', 'digital2025-ph'], 'low',
                       'low: a face-to-face survey (Pulse Asia 2021) found WhatsApp used by 2% of internet users; Messenger by 98%',
                       f'internet use {fmt(IP_PH)} ({IP_PH_SRC}) x WhatsApp share 0.02 (Pulse Asia 2021), flat', level=('PH', 2021)),
    'telegram': series('PH', 'telegram', scal(0.02, IP_PH), ['pulse-asia-2021', 'digital2025-ph'], 'low',
                       'low: Telegram used by 2% of internet users (Pulse Asia 2021); no age data',
                       f'internet use {fmt(IP_PH)} x Telegram share 0.02 (Pulse Asia 2021), flat', level=('PH', 2021)),
    'email': email_series('PH', IP_PH, 0.20, ['pulse-asia-2021', 'digital2025-ph'], 'Pulse Asia 2021 level 0.20', IP_PH_SRC, 'low',
                          'low: 20% of internet users send or read email (Pulse Asia 2021, face to face); the GWI online panel says 94%',
                          level_from=('PH', 2021)),
}

# --- Thailand -------------------------------------------------------------------------------
IP_TH = [0.99, 0.98, 0.96, 0.90, 0.78, 0.55]
IP_TH_SRC = 'estimate anchored on the NSO Q4 2023 survey: 89.5% of Thais 6+ online'
T['TH'] = {
    'name': 'Thailand',
    'whatsapp': series('TH', 'whatsapp', scal(0.10, IP_TH), ['tns-2014-th', 'kantar-th-2017', 'nso-th-2023'], 'low',
                       'low: WhatsApp 10% of internet users in 2014 (TNS), the newest figure found; LINE dominates (92% in 2017)',
                       f'internet use {fmt(IP_TH)} ({IP_TH_SRC}) x WhatsApp share 0.10 (TNS 2014), flat', level=('TH', 2014)),
    'telegram': series('TH', 'telegram', scal(0.05, IP_TH), ['kantar-th-2017', 'nso-th-2023'], 'low',
                       'low: no Thai Telegram figure found; 5% of internet users is an estimate below WhatsApp',
                       f'internet use {fmt(IP_TH)} x Telegram share 0.05 (estimate), flat'),
    'email': email_series('TH', IP_TH, 0.75, ['gwi-2024-global', 'nso-th-2023'], 'world level 0.75 (GWI Q3 2024)', IP_TH_SRC, 'low',
                          'low: no Thai email figure found; world level and age pattern', level_from=('GLOBAL', 2024)),
}

# --- Hong Kong ------------------------------------------------------------------------------
IP_HK = [0.99, 0.99, 0.99, 0.97, 0.92, 0.75]
IP_HK_SRC = 'estimate: near-universal below 55, lower among the elderly (no Hong Kong figure by age found)'
T['HK'] = {
    'name': 'Hong Kong',
    'whatsapp': series('HK', 'whatsapp', scal(0.85, IP_HK), ['dnr-hk-2019'], 'medium',
                       'medium: 85.4% of internet users used WhatsApp weekly (Reuters DNR 2019, the newest figure found); no age data, taken as flat',
                       f'internet use {fmt(IP_HK)} ({IP_HK_SRC}) x WhatsApp share 0.85 (DNR 2019), flat', level=('HK', 2019)),
    'telegram': telegram_rel('HK', IP_HK, 0.20, ['sensortower-hk-2019'], 'low',
                             'low: no Hong Kong usage figure found; 20% of internet users is an estimate below the 1.7 million installs of 2019; age pattern from Russia',
                             'estimate 0.20', IP_HK_SRC, level=('HK', 2019)),
    'email': email_series('HK', IP_HK, 0.80, ['eurostat-2024', 'dnr-hk-2019'], 'Eurostat 2024 level 0.80', IP_HK_SRC, 'low',
                          "low: no Hong Kong email figure found; the EU's level and the world's age pattern", level_from=('R-EUR', 2024)),
}

# --- Brazil ---------------------------------------------------------------------------------
WA_BR = [0.95, 0.95, 0.93, 0.90, 0.85, 0.72]
IP_BR = [0.97, 0.96, 0.94, 0.88, 0.80, 0.62]
IP_BR_SRC = 'estimate anchored on DataReportal Oct 2025 (87% online) and the 2022 survey (99% of online 16-34, 83% of online 60+ on social networks)'
TG_BR = scal(0.28, rel_adults(TG_RU))
T['BR'] = {
    'name': 'Brazil',
    'whatsapp': series('BR', 'whatsapp', WA_BR, ['pew-global-2023-detail', 'br-survey-2022'], 'medium',
                       'medium: level measured on Brazilian adults (Pew 2023: 90%); the decline after 55 follows a 2022 survey of internet users',
                       f'share of adults {fmt(WA_BR)}: adult-weighted mean 0.90 (Pew 2023); slope from the 2022 survey (99% at 16-34 to 83% at 60+ on social networks, WhatsApp 92% of them)'),
    'telegram': series('BR', 'telegram', TG_BR, ['pew-global-2023-detail', 'br-survey-2022', 'mediascope-2024'], 'low',
                       "low: level measured on Brazilian adults (Pew 2023: 28%); age pattern from Russia, which matches Brazil's 2022 figure for the young (41%)",
                       f'0.28 (Pew 2023) x Mediascope 2024 pattern relative to its adult mean {fmt(rel_adults(TG_RU))}',
                       shape=('RU', 2024)),
    'email': email_series('BR', IP_BR, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75 (GWI Q3 2024)', IP_BR_SRC, 'low',
                          'low: no Brazilian email figure found; world level and age pattern', level_from=('GLOBAL', 2024)),
}

# --- Germany --------------------------------------------------------------------------------
# Bundesnetzagentur 2019: messaging apps used by 98% of 16-24 and 25-34, 69% of 65-74, under
# 50% of 75+, 83% overall; in between "decreasing step by step" (35-64 interpolated, 65+ 0.62).
OTT_DE = [0.98, 0.98, 0.95, 0.90, 0.82, 0.62]
k_de = 0.73 * 0.94 / sum(w * v for w, v in zip(W, OTT_DE))
WA_DE = scal(k_de, OTT_DE)
IP_DE = [0.99, 0.99, 0.99, 0.97, 0.93, 0.78]
IP_DE_SRC = 'estimate anchored on DataReportal Oct 2025: 94% online'
T['DE'] = {
    'name': 'Germany',
    'whatsapp': series('DE', 'whatsapp', WA_DE, ['de-smatlas-2024', 'bnetza-2019', 'datareportal-2025-10-countries'], 'medium',
                       'medium: 73% of internet users 16+ (Social-Media-Atlas 2024); age pattern from the Bundesnetzagentur survey (2019)',
                       f'messaging-app use by age {fmt(OTT_DE)} (Bundesnetzagentur 2019) x {k_de:.3f}, so that the adult mean equals 0.73 x 0.94 internet use'),
    'telegram': series('DE', 'telegram', scal(0.08, rel_adults(TG_RU)), ['bnetza-2019', 'mediascope-2024'], 'low',
                       'low: Telegram used by 10% of messaging-app users, i.e. about 8% of people (Bundesnetzagentur 2019); age pattern from Russia',
                       f'0.08 (0.10 x 0.83, Bundesnetzagentur 2019) x Mediascope 2024 pattern relative to its adult mean {fmt(rel_adults(TG_RU))}',
                       shape=('RU', 2024), level=('DE', 2019)),
    'email': email_series('DE', IP_DE, 0.80, ['eurostat-2024', 'datareportal-2025-10-countries'], 'Eurostat 2024 EU level 0.80', IP_DE_SRC, 'low',
                          "low: the EU's level (Eurostat 2024: 80% of internet users), not Germany's own; world age pattern",
                          level_from=('R-EUR', 2024)),
}

# --- Regions --------------------------------------------------------------------------------
R = {}
IP_SEA = [0.97, 0.95, 0.90, 0.80, 0.65, 0.45]
R['R-SEA'] = {
    'name': 'Rest of Southeast Asia',
    'whatsapp': series('R-SEA', 'whatsapp', scal(0.10, IP_SEA), ['decisionlab-vn-2024', 'datareportal-2025-10-countries'], 'low',
                       "low: WhatsApp is not among Vietnam's three main messaging apps (Zalo 85%, Facebook 59%, Messenger 52%); 10% is an estimate",
                       f'internet use {fmt(IP_SEA)} (estimate anchored on Vietnam 84%, Oct 2025) x WhatsApp share 0.10 (estimate)'),
    'telegram': series('R-SEA', 'telegram', scal(0.10, IP_SEA), ['decisionlab-vn-2024', 'datareportal-2025-10-countries'], 'low',
                       'low: no figure found; 10% of internet users is an estimate',
                       f'internet use {fmt(IP_SEA)} x Telegram share 0.10 (estimate)'),
    'email': email_series('R-SEA', IP_SEA, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate anchored on Vietnam 84%', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
IP_EAS = [0.99, 0.98, 0.96, 0.92, 0.85, 0.65]
R['R-EAS'] = {
    'name': 'East Asia',
    'whatsapp': series('R-EAS', 'whatsapp', scal(0.03, IP_EAS), ['jtb-jp-2023', 'datareportal-2025-10-countries'], 'low',
                       'low: LINE (Japan 89.5%), WeChat and KakaoTalk carry messaging; 3% is an estimate',
                       f'internet use {fmt(IP_EAS)} (estimate anchored on China 92%, Japan 87%, Oct 2025) x WhatsApp share 0.03 (estimate)'),
    'telegram': series('R-EAS', 'telegram', scal(0.03, IP_EAS), ['jtb-jp-2023', 'datareportal-2025-10-countries'], 'low',
                       'low: no figure found; 3% of internet users is an estimate', f'internet use {fmt(IP_EAS)} x Telegram share 0.03 (estimate)'),
    'email': email_series('R-EAS', IP_EAS, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
IP_SAS = [0.62, 0.56, 0.48, 0.38, 0.28, 0.15]
R['R-SAS'] = {
    'name': 'Rest of South Asia',
    'whatsapp': series('R-SAS', 'whatsapp', scal(0.90, IP_SAS), ['pew-global-2023', 'datareportal-2025-10-countries'], 'low',
                       "low: India's WhatsApp share of internet users (about 90%) applied to Pakistan's and Bangladesh's internet use (46-47%)",
                       f'internet use {fmt(IP_SAS)} (estimate anchored on Pakistan 46%, Bangladesh 47%, Oct 2025) x 0.90', level=('IN', 2023)),
    'telegram': series('R-SAS', 'telegram', scal(0.45, IP_SAS), ['statista-telegram-2024', 'datareportal-2025-10-countries'], 'low',
                       "low: India's Telegram share (about half of WhatsApp's) applied to the region", f'internet use {fmt(IP_SAS)} x 0.45', level=('IN', 2024)),
    'email': email_series('R-SAS', IP_SAS, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
WA_RU = [0.65, 0.76, 0.77, 0.70, 0.60, 0.42]
TG_RU_ADULT = [v / 100 for v in TG_RU]
IP_RU = [0.99, 0.99, 0.98, 0.95, 0.88, 0.65]
R['R-CIS'] = {
    'name': 'Russia, Eastern Europe and Central Asia',
    'whatsapp': series('R-CIS', 'whatsapp', WA_RU, ['mediascope-2023'], 'low',
                       "low: Russia's daily reach (Mediascope 2023: 76% at 25-34, 77% at 35-44, 70% at 45-54); other ages and countries estimated; later restrictions in Russia not reflected",
                       f'daily reach of people 12+ {fmt(WA_RU)}: 25-54 measured, 18-24 (12-24: 65%) and 55+ estimated', level=('RU', 2023)),
    'telegram': series('R-CIS', 'telegram', TG_RU_ADULT, ['mediascope-2024', 'mediascope-2023'], 'low',
                       "low: Russia's daily reach by age (Mediascope 2024), applied to neighbouring countries", f'daily reach {fmt(TG_RU_ADULT)} (55+ split as above)',
                       level=('RU', 2024)),
    'email': email_series('R-CIS', IP_RU, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate anchored on Russia 94%', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
IP_MENA = [0.92, 0.90, 0.85, 0.76, 0.62, 0.42]
R['R-MENA'] = {
    'name': 'Middle East and North Africa',
    'whatsapp': series('R-MENA', 'whatsapp', scal(0.75, IP_MENA), ['cst-sa-2024', 'datareportal-2025-10-countries'], 'low',
                       'low: Saudi Arabia 90% of the population (CST 2024); North Africa leans to Messenger; 75% of internet users is an estimate for the region',
                       f'internet use {fmt(IP_MENA)} (estimate anchored on Egypt 83%, Saudi Arabia 99%) x 0.75 (estimate)'),
    'telegram': series('R-MENA', 'telegram', scal(0.15, IP_MENA), ['pew-global-2023', 'datareportal-2025-10-countries'], 'low',
                       'low: no regional figure; 15% of internet users is an estimate (Pew median for middle-income countries)', f'internet use {fmt(IP_MENA)} x 0.15'),
    'email': email_series('R-MENA', IP_MENA, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
IP_SSA = [0.60, 0.55, 0.46, 0.36, 0.26, 0.14]
R['R-SSA'] = {
    'name': 'Sub-Saharan Africa',
    'whatsapp': series('R-SSA', 'whatsapp', scal(0.92, IP_SSA), ['statista-africa-2022', 'gwi-email-age-2024', 'datareportal-2025-10-countries'], 'low',
                       'low: about 90-95% of internet users use WhatsApp (Statista 2022) but fewer than half of people are online (Nigeria 46%); internet use by age estimated',
                       f'internet use {fmt(IP_SSA)} (estimate anchored on Nigeria 46%, Oct 2025, and "below 50%" for the region, Digital 2024) x 0.92'),
    'telegram': series('R-SSA', 'telegram', scal(0.20, IP_SSA), ['pew-global-2023', 'datareportal-2025-10-countries'], 'low',
                       'low: Pew 2023 median 15% of adults in middle-income countries incl. Kenya, Nigeria, South Africa, i.e. about 20% of internet users',
                       f'internet use {fmt(IP_SSA)} x 0.20'),
    'email': email_series('R-SSA', IP_SSA, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}
IP_EUR = [0.99, 0.99, 0.98, 0.96, 0.91, 0.75]
WA_EUR_SHARE = [0.75] * 5 + [0.65]
R['R-EUR'] = {
    'name': 'Rest of Europe',
    'whatsapp': series('R-EUR', 'whatsapp', times(IP_EUR, WA_EUR_SHARE), ['de-smatlas-2024', 'ofcom-2023'], 'low',
                       "low: between Germany's 73% of internet users and the UK's 76% of adults; southern Europe is likely higher, the Nordics lower",
                       f'internet use {fmt(IP_EUR)} (estimate) x WhatsApp share {fmt(WA_EUR_SHARE)}'),
    'telegram': telegram_rel('R-EUR', IP_EUR, 0.15, ['statista-telegram-2024'], 'low',
                             'low: 10-13% in France, the Netherlands, the UK, Finland, Sweden, Poland, about a third in Spain (Statista 2024); age pattern from Russia',
                             'Statista 2024 mean 0.15', 'estimate'),
    'email': email_series('R-EUR', IP_EUR, 0.80, ['eurostat-2024'], 'Eurostat 2024 level 0.80', 'estimate', 'medium',
                          "medium: the EU's own level (Eurostat 2024: 80% of internet users); age pattern from GWI's world figures"),
}
IP_LAC = [0.96, 0.94, 0.90, 0.82, 0.72, 0.52]
R['R-LAC'] = {
    'name': 'Rest of Latin America and the Caribbean',
    'whatsapp': series('R-LAC', 'whatsapp', scal(0.92, IP_LAC), ['pew-global-2023', 'pew-global-2023-detail', 'datareportal-2025-10-countries'], 'low',
                       'low: WhatsApp is near-universal online in the region (Brazil 90% of adults; Argentina and Mexico at least half, Pew 2023); internet use by age estimated',
                       f'internet use {fmt(IP_LAC)} (estimate anchored on Mexico 84%, Oct 2025) x 0.92', level=('BR', 2023)),
    'telegram': telegram_rel('R-LAC', IP_LAC, 0.30, ['pew-global-2023-detail', 'statista-telegram-2024'], 'low',
                             'low: Brazil 28% of adults (Pew 2023), Mexico about a third of online respondents (Statista 2024); age pattern from Russia',
                             'mean 0.30', 'estimate'),
    'email': email_series('R-LAC', IP_LAC, 0.75, ['gwi-2024-global', 'datareportal-2025-10-countries'], 'world level 0.75', 'estimate', 'low',
                          'low: world level and age pattern', level_from=('GLOBAL', 2024)),
}


def borrowed_table(src, code, name, note):
    out = {'name': name}
    for ch in ('whatsapp', 'telegram', 'email'):
        s = json.loads(json.dumps(src[ch]))
        # Keep an older or foreign level the source table already names; else the table itself.
        s.setdefault('levelFrom', {'country': code, 'year': s['year']})
        s['confidence'] = 'low'
        s['confidenceNote'] = f'low: {note}'
        out[ch] = s
        ARITH.append((name, ch, f'copied from the {code} table', s['values']))
    return out


R['R-NAM'] = borrowed_table(T['US'], 'US', 'Canada and the North Atlantic', "the United States' figures; no Canadian table yet")
R['R-OCE'] = borrowed_table(T['AU'], 'AU', 'Oceania', "Australia's figures; the Pacific islands are likely less online")

# --- World ----------------------------------------------------------------------------------
IP_W = [0.85, 0.84, 0.78, 0.70, 0.60, 0.45]
IP_W_SRC = 'estimate anchored on 73.2% of the world online (DataReportal Oct 2025); younger people more online'
WA_W_SHARE = [0.50] * 5 + [0.45]
T['GLOBAL'] = {
    'name': 'Other countries (world average)',
    'whatsapp': series('GLOBAL', 'whatsapp', times(IP_W, WA_W_SHARE), ['meta-q1-2025', 'datareportal-2025-10'], 'low',
                       'low: a world average; countries differ from it by a factor of ten',
                       f'internet use {fmt(IP_W)} ({IP_W_SRC}) x WhatsApp share {fmt(WA_W_SHARE)} (3 billion monthly users / 6.04 billion internet users)'),
    'telegram': telegram_rel('GLOBAL', IP_W, 0.166, ['telegram-2025-mau', 'datareportal-2025-10'], 'low',
                             'low: a world average (1 billion monthly users); age pattern from Russia', '1 billion / 6.04 billion = 0.166', IP_W_SRC),
    'email': email_series('GLOBAL', IP_W, 0.75, ['gwi-2024-global', 'datareportal-2025-10'], 'world level 0.75 (GWI Q3 2024)', IP_W_SRC, 'low',
                          "low: a world average of GWI's online panel"),
}

REGION_OF = {
    'R-SEA': 'BN KH LA MM TL VN SG ID MY PH TH',
    'R-EAS': 'CN JP KR KP MN MO TW HK',
    'R-SAS': 'AF BD BT LK MV NP PK IO IN',
    'R-CIS': 'RU BY KZ KG TJ TM UZ AM AZ GE MD UA',
    'R-MENA': 'AE SA QA KW BH OM YE IQ IR JO LB SY PS IL TR EG LY TN DZ MA EH SD',
    'R-SSA': 'AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW',
    'R-EUR': 'AD AL AT AX BA BE BG CH CY CZ DK EE ES FI FO FR GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC ME MK MT NL NO PL PT RO RS SE SI SJ SK SM VA GB DE',
    'R-NAM': 'CA BM PM GL US',
    'R-LAC': 'AG AI AR AW BB BL BO BQ BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI BR',
    'R-OCE': 'AS CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS CC CX AU',
    'GLOBAL': 'AQ BV HM GS TF UM',
}
region_of = {}
for region, codes in REGION_OF.items():
    for c in codes.split():
        assert c not in region_of, c
        region_of[c] = region
region_of = dict(sorted(region_of.items()))

DEFINITION = ('Estimated share (0-1) of adults in an age bracket who actively use the channel: the chance that a '
              'randomly chosen customer of that age can be reached there. adoption = internet use by age x the '
              "channel's share among internet users at that age, or an adult survey's own figure. Tables: countries "
              '(their own data), regions (regionOf assigns every ISO country), GLOBAL last. The arithmetic of every '
              'series is in data/SOURCES.md; data/compile-adoption.py produces this file.')


def dump_series(s):
    return json.dumps(s, ensure_ascii=False)


def table_json(t, indent):
    pad = ' ' * indent
    lines = [f'{pad}"name": {json.dumps(t["name"], ensure_ascii=False)}']
    for ch in ('whatsapp', 'telegram', 'email'):
        lines.append(f'{pad}"{ch}": {dump_series(t[ch])}')
    return ',\n'.join(lines)


def write_json():
    out = ['{', '  "version": "2026-12",', f'  "definition": {json.dumps(DEFINITION)},',
           '  "brackets": ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"],', '  "countries": {']
    codes = [c for c in sorted(T) if c != 'GLOBAL'] + ['GLOBAL']
    out.append(',\n'.join(f'    "{c}": {{\n{table_json(T[c], 6)}\n    }}' for c in codes))
    out.append('  },')
    out.append('  "regions": {')
    out.append(',\n'.join(f'    "{c}": {{\n{table_json(R[c], 6)}\n    }}' for c in sorted(R)))
    out.append('  },')
    keys = list(region_of)
    rows = [', '.join(f'"{k}": "{region_of[k]}"' for k in keys[i:i + 8]) for i in range(0, len(keys), 8)]
    out.append('  "regionOf": {\n    ' + ',\n    '.join(rows) + '\n  },')
    used = sorted({i for t in list(T.values()) + list(R.values()) for ch in ('whatsapp', 'telegram', 'email') for i in t[ch]['sources']})
    src_lines = [f'    "{i}": {json.dumps({"title": SOURCES[i][0], "year": SOURCES[i][1], "url": SOURCES[i][2]}, ensure_ascii=False)}' for i in used]
    out.append('  "sources": {\n' + ',\n'.join(src_lines) + '\n  }')
    out.append('}')
    (ROOT / 'data' / 'adoption.json').write_text('\n'.join(out) + '\n')
    return used


def write_locale():
    path = ROOT / 'locales' / 'en' / 'data.json'
    current = json.loads(path.read_text())
    kept = {k: v for k, v in current.items() if not k.startswith('data.note.')}
    for code, t in list(T.items()) + list(R.items()):
        for ch in ('whatsapp', 'telegram', 'email'):
            # The message already says the level ("low confidence"): the note without its prefix.
            kept[f'data.note.{code}.{ch}'] = re.sub(r'^(low|medium|high): ', '', t[ch]['confidenceNote'])
    path.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + '\n')


def write_arithmetic():
    lines = ['<!-- generated by data/compile-adoption.py: do not edit by hand -->', '',
             '| Table | Channel | Values 18-24 / 25-34 / 35-44 / 45-54 / 55-64 / 65+ | Arithmetic |', '|---|---|---|---|']
    for table, ch, how, values in ARITH:
        lines.append(f'| {table} | {ch} | {fmt(values)} | {how} |')
    lines += ['', '### Confidence and borrowed parts, per series', '',
              '| Table | Channel | Year | Confidence | Level from | Age pattern from | Note |', '|---|---|---|---|---|---|---|']
    for code, t in [(c, T[c]) for c in sorted(T) if c != 'GLOBAL'] + [(c, R[c]) for c in sorted(R)] + [('GLOBAL', T['GLOBAL'])]:
        for ch in ('whatsapp', 'telegram', 'email'):
            x = t[ch]
            lf = f"{x['levelFrom']['country']} {x['levelFrom']['year']}" if 'levelFrom' in x else 'own'
            sf = f"{x['ageShapeFrom']['country']} {x['ageShapeFrom']['year']}" if 'ageShapeFrom' in x else 'own'
            lines.append(f"| {code} | {ch} | {x['year']} | {x['confidence']} | {lf} | {sf} | {x['confidenceNote']} |")
    used = sorted({i for t in list(T.values()) + list(R.values()) for ch in ('whatsapp', 'telegram', 'email') for i in t[ch]['sources']})
    lines += ['', '### Sources (id: title, year, where it was read)', '', '| id | Source | Year | Read at |', '|---|---|---|---|']
    for i in used:
        lines.append(f'| {i} | {SOURCES[i][0]} | {SOURCES[i][1]} | {SOURCES[i][2]} |')
    path = ROOT / 'data' / 'SOURCES.md'
    text = path.read_text()
    start, end = '<!-- arithmetic:start -->', '<!-- arithmetic:end -->'
    if start in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        path.write_text(head + start + '\n' + '\n'.join(lines) + '\n' + end + tail)


if __name__ == '__main__':
    write_json()
    write_locale()
    write_arithmetic()
    print('tables:', len(T), 'regions:', len(R), 'countries mapped:', len(region_of))
