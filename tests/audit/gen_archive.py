#!/usr/bin/env python3
"""gen_archive.py: writes a made-up social-media archive in the real export
formats (X/Twitter, Facebook, Instagram, LinkedIn), with problems planted
in some posts, for the audit's tests and benchmark. No real person's
posts: every text is assembled from the word lists below by a seeded
random generator, so the same seed gives the same archive.

Usage: gen_archive.py --platform x|facebook|instagram|linkedin
           --posts N --seed S --out DIR [--zip FILE] [--expected FILE]
           [--plant-rate R] [--damaged] [--parts K]

Writes the archive's files under DIR (or into the zip FILE) and, with
--expected, a JSON list of the planted problems: {platform, id,
expect: [categories that must be found], allow: [categories that may also
be found], note}. Planted problems are written for the llmat pack read
from a personal account (TZ=UTC): posts without a planted problem are
dated in evenings and weekends, so working hours never flag them.
"""
import argparse
import datetime as dt
import json
import os
import random
import zipfile

# Clean text: things people post about outside work, in several scripts.
CLEAN = [
    "Lovely walk by the river this evening with the dog",
    "Reading a great novel about lighthouses, tea and biscuits",
    "Tried a new recipe for lemon cake tonight",
    "The garden is full of bees and foxgloves",
    "Sunset over the hills, what a sky",
    "Finished the crossword for once",
    "Rainy Sunday, board games with the family",
    "Planted tomatoes and basil on the balcony",
    "Fresh bread from the market this morning",
    "Watching the swifts come back for the summer",
    "今日は公園で桜を見ました",
    "週末は山登りに行きました",
    "Вечер у моря, прекрасный закат",
    "Люблю осенние прогулки в лесу",
    "مساء جميل على شاطئ البحر",
    "Ένα υπέροχο ηλιοβασίλεμα στη θάλασσα",
    "नदी के किनारे शाम की सैर",
    "Café au lait et croissants au soleil",
    "Ein ruhiger Abend mit einem guten Buch",
]
EMOJI = ["🌸", "🐕", "🍰", "🌅", "📚", "☕", "🌿", "🎲", "🐝", "👍🏽", "👨‍👩‍👧"]
NAMES = ["Sam", "Alex", "Priya", "Tomasz", "Aiko", "Femi", "Ines", "Noor"]

# Planted problems for llmat, personal account: (template, expect, allow).
PLANTS = [
    ("Call me on 07700 900{d3} about the {thing}", ["personal-data"], []),
    ("Ring {name} on +44 7700 900{d3} if you have questions",
     ["personal-data"], []),
    ("Proud of everyone at LLMAT this {when}", ["disclaimer"], []),
    ("Great INSET day with LLMAT colleagues {emoji}", ["disclaimer"], []),
    ("Honestly the new head is pathetic", ["disparaging"], ["harassment"]),
    ("Those parents are scum", ["disparaging"], ["harassment"]),
    ("Our staff are a bunch of clowns", ["disparaging"], ["harassment"]),
    ("Go back to where you came from, {name}", ["harassment"], []),
    ("Strictly confidential: the {thing} plan changes next week",
     ["confidential"], []),
    ("Not for sharing yet: redundancies at our school", ["confidential"],
     []),
    # A name beside the school may be a pupil's: personal data is fair too.
    ("Speaking on behalf of the school, thank you {name}", ["on-behalf"],
     ["personal-data"]),
]
# Planted with an image attached (LinkedIn archives hold no media).
MEDIA_PLANTS = [
    ("Our year {d1} pupils on the school trip today {emoji}",
     ["pupil-image"], []),
]
THINGS = ["trip", "budget", "timetable", "fair", "concert", "rota"]
WHEN = ["week", "term", "month", "morning"]


def fill(rng, t):
    return t.format(d3=f"{rng.randrange(1000):03d}", d1=rng.randrange(1, 7), thing=rng.choice(THINGS),
                    name=rng.choice(NAMES), when=rng.choice(WHEN),
                    emoji=rng.choice(EMOJI))


def clean_text(rng):
    parts = [rng.choice(CLEAN) for _ in range(rng.randrange(1, 4))]
    if rng.random() < 0.5:
        parts.append(rng.choice(EMOJI))
    return ". ".join(parts)


def off_hours(rng, base):
    """A time outside working hours (evening, night or weekend), UTC."""
    day = base + dt.timedelta(days=rng.randrange(0, 3650))
    if day.weekday() >= 5:
        hour = rng.randrange(0, 24)
    else:
        hour = rng.choice([0, 1, 2, 3, 4, 5, 6, 18, 19, 20, 21, 22, 23])
    return day.replace(hour=hour, minute=rng.randrange(60),
                       second=rng.randrange(60))


def work_hours(rng, base):
    day = base + dt.timedelta(days=rng.randrange(0, 3650))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day.replace(hour=rng.randrange(9, 15), minute=rng.randrange(60),
                       second=rng.randrange(60))


class Post:
    def __init__(self, text, when, expect=(), allow=(), note=""):
        self.text, self.when = text, when
        self.expect, self.allow, self.note = list(expect), list(allow), note
        self.kind = "post"
        self.media = []          # (name, present)
        self.id = None
        self.needs_media = False
        self.image = None        # (bytes, extension) of a planted image


# Planted images (set by main): our own drawn test logo, and, when a folder
# of face photos is given, photos of people.
IMAGES = {"logo": None, "faces": []}


def media_file(p, rng, rate):
    """(present, bytes, extension) for a post's first media file."""
    if p.image:
        return True, p.image[0], p.image[1]
    return rng.random() < rate, PNG, ".jpg"


def make_posts(rng, n, plant_rate, with_media=True):
    base = dt.datetime(2014, 1, 6, tzinfo=dt.timezone.utc)
    posts, used = [], set()
    for i in range(n):
        r = rng.random()
        if r < plant_rate:
            plants = PLANTS + MEDIA_PLANTS if with_media else PLANTS
            t, expect, allow = rng.choice(plants)
            text = fill(rng, t)
            if rng.random() < 0.3:
                # The problem inside other text, after emoji or another script.
                text = f"{clean_text(rng)} {rng.choice(EMOJI)} {text}"
            p = Post(text, off_hours(rng, base), expect, allow, "planted")
            p.needs_media = any(t == m[0] for m in MEDIA_PLANTS)
            if with_media and IMAGES["logo"] and rng.random() < 0.08:
                # The organisation's logo in a photo of an ordinary post.
                p = Post(clean_text(rng), off_hours(rng, base), ["logo"], [],
                         "planted: the logo in an image")
                p.needs_media, p.image = True, (IMAGES["logo"], ".png")
            elif with_media and IMAGES["faces"] and rng.random() < 0.08:
                p = Post(clean_text(rng), off_hours(rng, base),
                         ["pupil-image"], [], "planted: a photo of people")
                p.needs_media = True
                p.image = (rng.choice(IMAGES["faces"]), ".jpg")
        elif r < plant_rate * 1.3:
            p = Post(clean_text(rng), work_hours(rng, base),
                     ["working-hours"], [], "posted in working hours")
        else:
            p = Post(clean_text(rng), off_hours(rng, base))
        # Unique seconds: Facebook and Instagram posts are known by them.
        while int(p.when.timestamp()) in used:
            p.when += dt.timedelta(seconds=1)
        used.add(int(p.when.timestamp()))
        posts.append(p)
    return posts


class Writer:
    """Writes files into a folder or a zip."""

    def __init__(self, out, zpath):
        self.out, self.z = out, None
        if zpath:
            self.z = zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED)

    def write(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if self.z:
            self.z.writestr(os.path.join(self.out, name), data)
            return
        path = os.path.join(self.out, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def close(self):
        if self.z:
            self.z.close()


# A 1x1 PNG, the media files' content.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082")


def x_time(when):
    return when.strftime("%a %b %d %H:%M:%S +0000 %Y")


def x_tweet(p, rng):
    ents = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    tw = {"edit_info": {"initial": {"editTweetIds": [p.id],
                                    "editableUntil": "2020-01-01T00:00:00.000Z",
                                    "editsRemaining": "5",
                                    "isEditEligible": True}},
          "retweeted": False,
          "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">"
                    "Twitter Web App</a>",
          "entities": ents, "display_text_range": ["0", str(len(p.text))],
          "favorite_count": str(rng.randrange(50)), "id_str": p.id,
          "truncated": False, "retweet_count": "0", "id": p.id,
          "created_at": x_time(p.when), "favorited": False,
          "full_text": p.full_text, "lang": "en"}
    if p.kind == "reply":
        tw["in_reply_to_status_id_str"] = str(int(p.id) - 17)
        tw["in_reply_to_status_id"] = tw["in_reply_to_status_id_str"]
        tw["in_reply_to_screen_name"] = "a_friend"
        tw["in_reply_to_user_id_str"] = "12345"
    if p.media:
        media = []
        for path, _ in p.media:
            name = path.rsplit("/", 1)[1].split("-", 1)[1]
            media.append({"expanded_url": f"https://x.com/gen/status/{p.id}/photo/1",
                          "indices": ["0", "23"], "url": "https://t.co/abcdEFGH12",
                          "media_url": f"http://pbs.twimg.com/media/{name}",
                          "media_url_https": f"https://pbs.twimg.com/media/{name}",
                          "id_str": str(int(p.id) + 1), "type": "photo",
                          "display_url": "pic.x.com/abcdEFGH12"})
        tw["entities"]["media"] = media
        tw["extended_entities"] = {"media": media}
    return {"tweet": tw}


def write_x(posts, w, rng, damaged, parts, out_expected):
    ids = iter(range(1100000000000000000, 2 ** 62, 7919))
    notes = []
    for i, p in enumerate(posts):
        p.id = str(next(ids))
        p.full_text = (p.text.replace("&", "&amp;").replace("<", "&lt;")
                       .replace(">", "&gt;"))
        r = rng.random()
        if r < 0.05:
            p.kind = "retweet"
            p.text = "RT @a_friend: " + p.text
            p.full_text = "RT @a_friend: " + p.full_text
        elif r < 0.15:
            p.kind = "reply"
            p.text = "@a_friend " + p.text
            p.full_text = "@a_friend " + p.full_text
        if p.needs_media or rng.random() < (0.3 if p.expect else 0.08):
            present, data, ext = media_file(p, rng, 0.7)
            name = f"M{rng.randrange(10**9):09d}{ext}"
            p.media.append((f"data/tweets_media/{p.id}-{name}", present))
            p.data = data
        if (p.expect and p.note == "planted" and rng.random() < 0.05
                and p.kind != "retweet"):
            # A long post: the problem only in the note tweet's full text.
            # Not a retweet: X keeps only one's own long posts in
            # note-tweet.js, and the long text would lose the "RT @" that
            # marks a retweet. (The draw is made first, so the archives of
            # every other post stay as they were for each seed.)
            long_text = clean_text(rng) + " " + " ".join(
                rng.choice(CLEAN) for _ in range(12)) + " " + p.text
            p.text = long_text
            p.full_text = long_text[:250] + "… https://t.co/n0teTw33t1"
            p.note = "planted in a long post (note-tweet.js)"
            notes.append({"noteTweet": {
                "noteTweetId": str(int(p.id) + 3),
                "updatedAt": p.when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "lifecycle": {"value": "0", "name": "Created",
                              "originalName": "Created"},
                "createdAt": p.when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "core": {"styletags": [], "urls": [], "text": long_text,
                         "mentions": [], "cashtags": [], "hashtags": []}}})
    chunks = [posts[k::parts] for k in range(parts)] if parts > 1 else [posts]
    for k, chunk in enumerate(chunks):
        els = [json.dumps(x_tweet(p, rng), ensure_ascii=False, indent=2,
                          separators=(",", " : ")) for p in chunk]
        if damaged and k == 0:
            # A damaged post: cut off mid-object, with a stray quote.
            els.insert(len(els) // 2, '{\n  "tweet" : {\n    "id_str" : '
                       '"17", "full_text" : "oops" "broken"\n  }\n}')
        name = "data/tweets.js" if k == 0 else f"data/tweets-part{k}.js"
        w.write(name, f"window.YTD.tweets.part{k} = [ " + ",\n".join(els)
                + " ]")
    for p in posts:
        for path, present in p.media:
            if present:
                w.write(path, p.data)
    w.write("data/account.js", "window.YTD.account.part0 = [ " + json.dumps(
        {"account": {"email": "gen@example.invalid", "createdVia": "web",
                     "username": "gen_user", "accountId": "4242",
                     "createdAt": "2012-05-01T10:00:00.000Z",
                     "accountDisplayName": "Gen User"}}, indent=2) + " ]")
    w.write("data/note-tweet.js", "window.YTD.note_tweet.part0 = " +
            json.dumps(notes, ensure_ascii=False, indent=2))
    w.write("data/manifest.js", "window.__THAR_CONFIG = " + json.dumps(
        {"userInfo": {"accountId": "4242", "userName": "gen_user",
                      "displayName": "Gen User"}}, indent=2))


def meta_mojibake(obj):
    """Meta's export: UTF-8 bytes written as \\u00XX escapes."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return json.dumps(json.loads(text.encode("utf-8").decode("latin-1")),
                      ensure_ascii=True, indent=2)


def write_facebook(posts, w, rng, damaged):
    els = []
    for i, p in enumerate(posts):
        p.id = str(int(p.when.timestamp()))
        el = {"timestamp": int(p.when.timestamp()),
              "data": [{"post": p.text}, {"update_timestamp": int(p.when.timestamp())}],
              "title": "Gen User updated their status."}
        if p.needs_media or rng.random() < 0.1:
            present, data, ext = media_file(p, rng, 0.7)
            uri = f"your_facebook_activity/posts/media/YourPosts_{i}/{i}{ext}"
            p.media.append((uri, present))
            el["attachments"] = [{"data": [{"media": {
                "uri": uri, "creation_timestamp": int(p.when.timestamp()),
                "media_metadata": {"photo_metadata": {"exif_data": [{}]}},
                "title": "Mobile uploads", "description": ""}}]}]
            if present:
                w.write(uri, data)
        els.append(meta_mojibake(el))
    if damaged:
        els.insert(len(els) // 2, '{"timestamp": 12, "data": [{"post": '
                   '"half a post"}, }')
    w.write("your_facebook_activity/posts/your_posts__check_ins__photos_and_"
            "videos_1.json", "[\n" + ",\n".join(els) + "\n]\n")


def write_instagram(posts, w, rng, damaged):
    els = []
    for i, p in enumerate(posts):
        p.id = str(int(p.when.timestamp()))
        ts = int(p.when.timestamp())
        present, data, ext = media_file(p, rng, 0.9)
        uri = f"media/posts/{p.when:%Y%m}/{i}{ext}"
        p.media.append((uri, present))
        if present:
            w.write(uri, data)
        m = {"uri": uri, "creation_timestamp": ts,
             "media_metadata": {"photo_metadata": {"exif_data": [{}]}},
             "cross_post_source": {"source_app": "FB"}, "backup_uri": "",
             "title": ""}
        if rng.random() < 0.3:
            uri2 = f"media/posts/{p.when:%Y%m}/{i}b.jpg"
            w.write(uri2, PNG)
            p.media.append((uri2, True))
            el = {"media": [m, dict(m, uri=uri2)], "title": p.text,
                  "creation_timestamp": ts}
        else:
            m["title"] = p.text
            el = {"media": [m]}
        els.append(meta_mojibake(el))
    if damaged:
        els.insert(len(els) // 2, '{"media": [{"uri": 5, "title": }]}')
    w.write("your_instagram_activity/content/posts_1.json",
            "[\n" + ",\n".join(els) + "\n]\n")


def csv_cell(s):
    return '"' + s.replace('"', '""') + '"'


def write_linkedin(posts, w, rng, damaged):
    rows = ["Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"]
    for i, p in enumerate(posts):
        p.id = f"urn%3Ali%3Ashare%3A{7000000000000000000 + i * 13}"
        if rng.random() < 0.3:
            p.text = p.text.replace(". ", '.\n"Quoted," she said.\n', 1)
        rows.append(",".join([
            csv_cell(p.when.strftime("%Y-%m-%d %H:%M:%S")),
            csv_cell("https://www.linkedin.com/feed/update/" + p.id),
            csv_cell(p.text), '""', '""', "MEMBER_NETWORK"]))
    if damaged:
        # A record that never closes its quote: the end of the file.
        rows.append('"2020-01-01 20:00:00","https://www.linkedin.com/feed/'
                    'update/urn%3Ali%3Ashare%3A1","cut off here')
    w.write("Shares.csv", "\r\n".join(rows) + ("" if damaged else "\r\n"))


def face_photos(folder):
    """The photos in folder with at least one labelled face (dlib's
    training.xml / testing.xml: <image file=...> holding <box>es)."""
    import xml.etree.ElementTree as ET
    names = set()
    for xml in ("training.xml", "testing.xml"):
        path = os.path.join(folder, xml) if folder else ""
        if path and os.path.exists(path):
            for img in ET.parse(path).getroot().iter("image"):
                if img.find("box") is not None:
                    names.add(img.get("file"))
    return sorted(names)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--platform", required=True,
                    choices=["x", "facebook", "instagram", "linkedin"])
    ap.add_argument("--posts", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--zip")
    ap.add_argument("--expected")
    ap.add_argument("--plant-rate", type=float, default=0.1)
    ap.add_argument("--damaged", action="store_true")
    ap.add_argument("--parts", type=int, default=1)
    ap.add_argument("--logo", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "host",
        "policies", "tools", "logos", "llmat-test-logo.png"),
        help="an image the pack knows as a logo ('' for none)")
    ap.add_argument("--faces-dir", default="",
                    help="a folder of photos of people (*.jpg), if any")
    a = ap.parse_args()
    if a.logo:
        with open(a.logo, "rb") as f:
            IMAGES["logo"] = f.read()
    for name in face_photos(a.faces_dir):
        with open(os.path.join(a.faces_dir, name), "rb") as f:
            IMAGES["faces"].append(f.read())
    rng = random.Random(a.seed)
    posts = make_posts(rng, a.posts, a.plant_rate, a.platform != "linkedin")
    w = Writer(a.out if not a.zip else "", a.zip)
    if a.platform == "x":
        write_x(posts, w, rng, a.damaged, a.parts, a.expected)
    elif a.platform == "facebook":
        write_facebook(posts, w, rng, a.damaged)
    elif a.platform == "instagram":
        write_instagram(posts, w, rng, a.damaged)
    else:
        write_linkedin(posts, w, rng, a.damaged)
    w.close()
    text_bytes = sum(len(p.text.encode("utf-8")) for p in posts)
    print(f"generated {len(posts)} posts, {text_bytes} bytes of post text")
    if a.expected:
        with open(a.expected, "w", encoding="utf-8") as f:
            json.dump({"platform": a.platform, "posts": len(posts),
                       "damaged": 1 if a.damaged else 0,
                       "planted": [{"id": p.id, "expect": p.expect,
                                    "allow": p.allow, "note": p.note}
                                   for p in posts if p.expect],
                       "all": [{"id": p.id, "kind": p.kind, "text": p.text,
                                "note": p.note,
                                "media": [{"path": m, "present": pr}
                                          for m, pr in p.media]}
                               for p in posts] if len(posts) <= 5000 else []},
                      f, ensure_ascii=False)


if __name__ == "__main__":
    main()
